"""HTML pages for accounts, organisations and the center dashboard."""
from flask import Blueprint

web = Blueprint("core", __name__)
