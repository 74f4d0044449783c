"""A detect-secrets plugin for keywarden tokens: the baseline of the scan
benchmark (the same pattern as `keywarden scan --gitleaks-rule`)."""
import re

from detect_secrets.plugins.base import RegexBasedDetector


class KeywardenTokenDetector(RegexBasedDetector):
    """keywarden API token"""

    secret_type = "keywarden token"
    denylist = (re.compile(r"\bkw_[0-9A-Za-z]{50}\b"),)
