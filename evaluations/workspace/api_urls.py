"""``/api/v1/reviews/``: the evaluator's assignments and reviews (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from evaluations.workspace.api import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")

urlpatterns = router.urls
