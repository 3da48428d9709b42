"""Open Referral UK: the directory published as HSDS 3.0 with the UK profile, and read back from feeds.

- ``serialise``: records to the wire format (empty optional fields omitted);
- ``views``/``urls``: the API at ``/openreferral/`` (one stub for the dataset);
- ``schema``: the UK profile's compiled JSON Schemas, kept beside the code so an
  imported feed is checked against the standard it claims to follow.
"""

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
