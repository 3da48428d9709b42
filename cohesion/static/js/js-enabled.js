// Marks the page as scripted so GOV.UK components enhance; inline scripts are blocked by our CSP.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
