"""The supplier's application form."""
from flask_babel import lazy_gettext as _
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from core.web import PageForm


class ApplyForm(PageForm):
    categories = SelectMultipleField(_("Categories"), choices=[], validate_choice=False,
                                     widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def payload(self):
        return {"categories": list(self.categories.data or [])}
