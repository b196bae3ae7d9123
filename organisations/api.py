from rest_framework import viewsets


class OrganisationViewSet(viewsets.ViewSet):
    def list(self, request):  # placeholder until the organisations API lands
        return None
