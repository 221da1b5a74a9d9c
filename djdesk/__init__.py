"""党建工作台 (djdesk): an offline desktop tool for the party-affairs clerk of a 机关党委."""

__version__ = "0.1.0"
APP_NAME = "党建工作台"
