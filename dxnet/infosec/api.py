"""The register's API: systems (with their next assessment due and overdue state), assessments, drills, trust
labels, and the summary per province or ministry on a day. Writes go through the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dxnet.core.api import ScopedSerializer, ScopedViewSet, StrictSerializer
from dxnet.core.forms import AsOfField

from . import rules, services
from .filters import (
    InformationSystemFilterSet,
    SecurityAssessmentFilterSet,
    SecurityDrillFilterSet,
    TrustLabelFilterSet,
)
from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel


def _protected_link(serializer, data: dict, name: str, file, system_pk: int, which: str) -> None:
    """Uploaded files are not served from /media/: the answer links to the page that checks the reader's scope."""
    if not file:
        data[name] = None
        return
    url = reverse("infosec:file", args=[system_pk, which])
    request = serializer.context.get("request")
    data[name] = request.build_absolute_uri(url) if request is not None else url


class InformationSystemSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    # An empty name reaches the model's rule, whose message the form and the sheet give too.
    name = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    level = serializers.IntegerField(read_only=True, allow_null=True,
                                     help_text="Cấp độ được phê duyệt (cấp độ đề xuất khi chưa phê duyệt).")
    last_assessed_on = serializers.DateField(read_only=True, allow_null=True)
    next_assessment_due = serializers.SerializerMethodField()
    assessment_overdue = serializers.SerializerMethodField()

    class Meta:
        model = InformationSystem
        fields = ["id", "agency", "agency_name", "name", "purpose", "operator", "hosting", "url", "public_facing",
                  "level", "proposed_level", "approved_level", "dossier_number", "dossier_date", "dossier_approver",
                  "dossier_file", "protection_implemented_on", "valid_from", "valid_to", "last_assessed_on",
                  "next_assessment_due", "assessment_overdue"]

    def get_next_assessment_due(self, system) -> str | None:
        due = rules.next_assessment_due(system.approved_level, system.dossier_date,
                                        getattr(system, "last_assessed_on", None))
        return due.isoformat() if due else None

    def get_assessment_overdue(self, system) -> bool:
        return bool(getattr(system, "is_overdue", False))

    def to_representation(self, system):
        data = super().to_representation(system)
        _protected_link(self, data, "dossier_file", system.dossier_file, system.pk, "ho-so")
        return data


def _save_system(system, *, acting_user, **fields):
    if system.pk:
        return services.do_update_system(system, acting_user=acting_user, **fields)
    return services.do_register_system(system, acting_user=acting_user, **fields)


class InformationSystemViewSet(ScopedViewSet):
    """Information systems of the caller's scope with their security level; `as_of` computes the overdue state
    on another day than today."""

    model = InformationSystem
    related = ("agency",)
    serializer_class = InformationSystemSerializer
    filterset_class = InformationSystemFilterSet
    create_service = update_service = _save_system

    @staticmethod
    def _computed(system):
        """The system with the same computed fields as the list (last assessment, overdue), as of today."""
        return rules.with_assessment(InformationSystem.objects.filter(pk=system.pk).select_related("agency"),
                                     timezone.localdate()).get()

    def get_object(self):
        return self._computed(super().get_object())

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self._computed(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self._computed(serializer.instance)


class SecurityAssessmentSerializer(ScopedSerializer):
    class Meta:
        model = SecurityAssessment
        fields = ["id", "system", "assessed_on", "assessor", "result", "notes", "file"]

    def to_representation(self, assessment):
        data = super().to_representation(assessment)
        _protected_link(self, data, "file", assessment.file, assessment.system_id, str(assessment.pk))
        return data


class SecurityAssessmentViewSet(ScopedViewSet):
    """Periodic assessments of the systems in the caller's scope; POST (multipart for the file) records one."""

    model = SecurityAssessment
    related = ("system",)
    serializer_class = SecurityAssessmentSerializer
    filterset_class = SecurityAssessmentFilterSet
    create_service = update_service = services.do_record_assessment


class SecurityDrillSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    scenario = serializers.CharField(allow_blank=True, required=False, default="")

    class Meta:
        model = SecurityDrill
        fields = ["id", "agency", "agency_name", "date", "live_fire", "scenario", "result", "systems"]


class SecurityDrillViewSet(ScopedViewSet):
    """Drills of the provinces and ministries in the caller's scope, with the systems exercised."""

    model = SecurityDrill
    related = ("agency",)
    prefetched = ("systems",)
    serializer_class = SecurityDrillSerializer
    filterset_class = SecurityDrillFilterSet
    create_service = update_service = services.do_record_drill


class TrustLabelSerializer(ScopedSerializer):
    class Meta:
        model = TrustLabel
        fields = ["id", "system", "number", "issued_on", "expires_on"]


class TrustLabelViewSet(ScopedViewSet):
    """Network trust labels of the websites and portals in the caller's scope."""

    model = TrustLabel
    related = ("system",)
    serializer_class = TrustLabelSerializer
    filterset_class = TrustLabelFilterSet
    create_service = update_service = services.do_record_trust_label


class SummaryQuery(StrictSerializer):
    tier = serializers.ChoiceField(choices=list(rules.TIERS), default="province", error_messages={
        "invalid_choice": "Cấp phải là “province” (tỉnh, thành phố) hoặc “ministry” (bộ, ngành)."})
    as_of = serializers.DateField(required=False)

    def validate_as_of(self, value):
        try:
            AsOfField().validate(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value


class InfosecSummaryView(APIView):
    """Per province or ministry within the caller's scope, on a day: systems, dossiers approved, protected,
    assessments overdue, drills of the year (live-fire, and level 3+ systems covered), trust labels; national
    totals. A few grouped queries whatever the number of bodies."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    @extend_schema(summary="Tổng hợp an toàn thông tin",
                   description="Theo tỉnh hoặc bộ trong phạm vi của tài khoản, tại một ngày: số hệ thống, hồ sơ cấp độ "
                               "được duyệt, đánh giá quá hạn, diễn tập trong năm, nhãn tín nhiệm; tổng cả nước.",
                   parameters=[OpenApiParameter("tier", str, enum=list(rules.TIERS)),
                               OpenApiParameter("as_of", OpenApiTypes.DATE)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        table = rules.summary(request.user, tier=data["tier"], as_of=data.get("as_of") or timezone.localdate())
        return Response(table.as_dict())
