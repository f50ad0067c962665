from django import template

from socialdynamo.events.selectors import upcoming_events as select_upcoming

register = template.Library()


@register.simple_tag
def upcoming_events(limit=3):
    """The next public events, for the home page: ``{% upcoming_events 3 as events %}``."""
    return select_upcoming(limit)
