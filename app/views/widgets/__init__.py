"""Small reusable inputs for the desk's forms; each does one job and holds no business rule."""

from app.views.widgets.collapsible_section import CollapsibleSection
from app.views.widgets.date_input import DateInput, UnreadableDateError, parse_typed_date
from app.views.widgets.email_input import EmailInput, master_plus_address
from app.views.widgets.enum_combo import EnumCombo
from app.views.widgets.field_bindings import Binding, FieldBindings
from app.views.widgets.form_row import FormRow, with_mnemonic
from app.views.widgets.inline_error import InlineError
from app.views.widgets.phone_group import PhoneGroup
from app.views.widgets.ssn_input import SsnInput, SsnSection
from app.views.widgets.state_combo import StateCombo

__all__ = [
    "Binding",
    "CollapsibleSection",
    "DateInput",
    "EmailInput",
    "EnumCombo",
    "FieldBindings",
    "FormRow",
    "InlineError",
    "PhoneGroup",
    "SsnInput",
    "SsnSection",
    "StateCombo",
    "UnreadableDateError",
    "master_plus_address",
    "parse_typed_date",
    "with_mnemonic",
]
