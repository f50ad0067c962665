from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """[(code, name in its own language, this page's address in it)] for the switcher: plain
    links, so the page stays the same and holds no form."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        try:
            url = translate_url(path, code)
        except Exception:
            url = None
        if not url or url == path:
            url = translate_url("/", code) if code != settings.LANGUAGE_CODE else "/"
        links.append((code, get_language_info(code)["name_local"], url))
    return links
