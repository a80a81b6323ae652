"""Language choice: Simplified Chinese first.

Web pages are in Simplified Chinese unless the user picked English with the language
switch (Django's language cookie): a browser's Accept-Language alone does not switch
the portal, because many consumers' phones and PCs report English by accident. The REST
API follows Accept-Language, as app clients expect.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and translation.check_for_language(chosen):
            language = translation.get_supported_language_variant(chosen)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
