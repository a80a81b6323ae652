from django.http import JsonResponse


def healthz(request):
    """Liveness probe. Touches no database: also the benchmarks' empty-view ceiling."""
    return JsonResponse({"ok": True})
