"""Validates an OpenAPI document with openapi-spec-validator (3.1 support; `pip install
openapi-spec-validator`), e.g. `python3 scripts/openapi/validate.py docs/openapi/ledgerline.openapi.json`.

One adjustment: JSON Schema `pattern`s are ECMA-262 regular expressions (our validators compile them
with Ajv's `u` flag, e.g. `\\p{C}` in profile display names), but jsonschema checks the `regex` format
with Python's `re`, which lacks Unicode property escapes. When the `regex` package is installed (it
supports them), patterns are checked with it instead; otherwise with `re` as before.
"""
import sys

import jsonschema
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

try:
    import regex as ecma_like
except ImportError:  # pragma: no cover
    ecma_like = None

if ecma_like is not None:
    def _is_regex(instance):
        if not isinstance(instance, str):
            return True
        ecma_like.compile(instance)
        return True

    import openapi_schema_validator
    from jsonschema import _format

    checkers = [getattr(_format, name) for name in dir(_format)]
    checkers += [getattr(openapi_schema_validator, name) for name in dir(openapi_schema_validator)]
    for checker in checkers:
        if isinstance(checker, jsonschema.FormatChecker) and "regex" in checker.checkers:
            checker.checks("regex", raises=(ecma_like.error,))(_is_regex)

status = 0
for path in sys.argv[1:]:
    spec, _ = read_from_filename(path)
    try:
        validate(spec)
        print(f"{path}: OK (OpenAPI {spec.get('openapi')})")
    except Exception as error:  # noqa: BLE001 - report any validation failure
        print(f"{path}: INVALID\n{error}", file=sys.stderr)
        status = 1
sys.exit(status)
