"""A page with a drafted form, for test_drafts (the real ones — an exam, an offline inspection — come later)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = """{% extends "base.html" %}{% block content %}
{% if saved %}<div data-sh-draft-done="inspection-7" data-testid="saved">已保存</div>{% endif %}
<form method="post" data-sh-draft="inspection-7">{% csrf_token %}
  <textarea name="notes" id="notes"></textarea>
  <input type="checkbox" name="ok" value="yes" id="ok">
  <button type="submit" id="save">保存</button>
</form>{% endblock %}"""


@login_required
def drafted(request):
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"saved": request.method == "POST"}, request))


urlpatterns = [path("draft-test/", drafted), path("", include("shouhu.config.urls"))]
