"""The texts residents read on the public pages, and which of them a language lacks.

Councils in Wales must offer their public services in Welsh (the Welsh Language
Standards), and Cohesion's public pages also speak Polish and Arabic. The texts are
read from the templates themselves (every ``{% translate %}`` and
``{% blocktranslate %}``, following ``{% extends %}`` and ``{% include %}``) and from
the Python modules that only public pages use, so a sentence added later without a
translation is listed here by the test that uses it
(cohesion/core/tests/test_public_translations.py).
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.template import Context, Template
from django.template.base import Node
from django.template.engine import Engine
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.translation import trans_real

# The pages anyone may open that residents use (see the PUBLIC routes in
# cohesion/core/routes.py); the layout, the includes and the error pages come with them.
PUBLIC_TEMPLATES = (
    "400.html",
    "403.html",
    "404.html",
    "413.html",
    "500.html",
    "csrf_failure.html",
    "tensions/public/report_form.html",
    "tensions/public/report_problem.html",
    "tensions/public/report_sent.html",
    "tensions/board/public_index.html",
    "tensions/board/public_counts.html",
    "surveys/take/start.html",
    "surveys/take/page.html",
    "surveys/take/interpreter.html",
    "surveys/take/check.html",
    "surveys/take/saved.html",
    "surveys/take/done.html",
    "surveys/take/closed.html",
    "surveys/take/busy.html",
    "directory/search.html",
    "directory/service.html",
    "directory/print.html",
    "directory/need.html",
    "directory/need_missing.html",
    "directory/manage/report_mistake.html",
    "directory/manage/report_mistake_sent.html",
    "programme/public_index.html",
    "programme/public_events.html",
    "programme/public_interpreter.html",
    "programme/totals.html",
    "plans/pages/public_locality.html",
    "programme/grants/public_index.html",
    "programme/grants/apply_closed.html",
    "programme/grants/apply_eligibility.html",
    "programme/grants/apply_ineligible.html",
    "programme/grants/apply_details.html",
    "programme/grants/applied.html",
    "programme/grants/public_totals.html",
)

# Modules whose every marked text is shown on a public page (form labels, hints,
# errors, the directory's taxonomy of needs).
PUBLIC_MODULES = (
    "cohesion.core.forms",
    "cohesion.tensions.forms.public",
    "cohesion.programme.public_forms",
    "cohesion.surveys.public_forms",
    "cohesion.programme.views.public",
    "cohesion.tensions.views.public",
    "cohesion.directory.taxonomy",
)

# Texts that read the same in every language (names of formats and standards).
SAME_EVERYWHERE = frozenset({"CSV", "JSON", "API", "GeoJSON", "iCal"})


class Plural(str):
    """A message with plural forms; its catalogue entry is keyed ``(text, form)``."""


_GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
_NGETTEXT = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}


def _template(name: str) -> Template:
    return Engine.get_default().get_template(name)


def _nodes(nodes: Iterable[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        for attr in node.child_nodelists:
            yield from _nodes(getattr(node, attr, None) or [])


def _literal(expression: object) -> str | None:
    """The name in ``{% include "x.html" %}`` when it is written out, else None."""
    var = getattr(expression, "var", None)
    return str(var) if isinstance(var, str) else None


def template_texts(name: str, seen: set[str] | None = None) -> set[str]:
    """Every message id a template (with what it extends and includes) marks for translation.

    A message with a context is given as ``context\\x04text``, as gettext keys it.
    """
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    found: set[str] = set()
    for node in _nodes(_template(name).nodelist):
        if isinstance(node, TranslateNode):
            text = node.filter_expression.var
            literal = getattr(text, "literal", None)
            if isinstance(literal, str):
                literal = literal.replace("%", "%%")  # as the tag looks it up
                context = node.message_context.resolve(Context()) if node.message_context else None
                found.add(f"{context}\x04{literal}" if context else literal)
        elif isinstance(node, BlockTranslateNode):
            singular, _vars = node.render_token_list(node.singular)
            context = node.message_context.resolve(Context()) if node.message_context else None
            key = f"{context}\x04{singular}" if context else singular
            found.add(Plural(key) if node.plural else key)
        elif isinstance(node, ExtendsNode | IncludeNode):
            target = _literal(node.parent_name if isinstance(node, ExtendsNode) else node.template)
            if target:
                found |= template_texts(target, seen)
    return found


def module_texts(module: str) -> set[str]:
    """Every literal a Python module passes to gettext and its kin."""
    source = Path(importlib.import_module(module).__file__ or "").read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name | ast.Attribute):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts = [a for a in args if isinstance(a, str)]
        if name in _GETTEXT and texts and len(texts) == len(node.args):
            found.add("\x04".join(texts) if name.startswith("p") else texts[0])
        elif name in _NGETTEXT and len(texts) >= 2:
            context = name.startswith("np")
            found.add(Plural("\x04".join(texts[:2]) if context else texts[0]))
    return found


def public_texts() -> set[str]:
    texts: set[str] = set()
    for name in PUBLIC_TEMPLATES:
        texts |= template_texts(name)
    for module in PUBLIC_MODULES:
        texts |= module_texts(module)
    return texts


def untranslated(language: str, texts: Iterable[str]) -> list[str]:
    """The texts ``language``'s catalogues hold no translation for, sorted."""
    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    return sorted(
        str(text)
        for text in texts
        if text.strip()
        and text.strip() not in SAME_EVERYWHERE
        and ((str(text), 0) if isinstance(text, Plural) else text) not in catalog
    )
