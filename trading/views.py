"""HTML pages for tender projects, sign-up and bids."""
from flask import Blueprint

web = Blueprint("trading", __name__)
