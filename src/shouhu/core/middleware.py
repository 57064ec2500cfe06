"""Chinese first: the interface is Simplified Chinese unless the user chose English with the switcher.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English to any
inspector whose browser happens to be set that way; a supervision platform in China should not guess.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The language cookie set by `set_language` if valid, else LANGUAGE_CODE (zh-hans).

    An API client is a program, not a browser: its Accept-Language is a choice, so the API honours it
    (an error's `message` comes in that language; `message_zh` / `message_en` are always both there).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not chosen and request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request, check_path=False)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
