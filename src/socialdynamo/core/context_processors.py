from django.conf import settings


def hub(request):
    return {"HUB_NAME": settings.HUB_NAME, "SITE_URL": settings.SITE_URL}
