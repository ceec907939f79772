import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengxie.settings")
application = get_wsgi_application()

# Load the URL configuration (every view, the API and its schemas) and the search providers while
# the worker starts, not on its first request: Django loads them lazily, and a fresh process's
# first search paid for it (6–20 s on a loaded machine without compiled bytecode; the URL
# configuration is what `reverse` of the first hit's link loads).
from django.urls import get_resolver  # noqa: E402

from zhengxie.search.index import providers  # noqa: E402

get_resolver().reverse_dict  # noqa: B018
providers()
