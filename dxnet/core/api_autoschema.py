"""The schema class of every API view (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]), apart from `api_schema` because
drf-spectacular imports it while its own views module loads."""

from drf_spectacular.openapi import AutoSchema

# An operation's summary from its model's Vietnamese name; other actions say theirs with extend_schema(summary=…).
SUMMARIES = {"list": "Danh sách {name}", "create": "Thêm {name}", "retrieve": "Xem {name}", "update": "Sửa {name}",
             "partial_update": "Sửa một phần {name}", "destroy": "Xóa {name}"}


class VietnameseAutoSchema(AutoSchema):
    """Integrators read the operations in Vietnamese: a summary built from the model's verbose name and the action,
    and no description unless one is written for them (extend_schema) — a viewset's docstring is English, for the
    code's readers."""

    def get_summary(self):
        template = SUMMARIES.get(getattr(self.view, "action", None))
        model = self._model()
        if template is None or model is None:
            return None
        return template.format(name=model._meta.verbose_name)

    def get_description(self):
        return ""

    def _model(self):
        model = getattr(self.view, "model", None) or getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None and hasattr(self.view, "get_serializer_class"):
            model = getattr(getattr(self.view.get_serializer_class(), "Meta", None), "model", None)
        return model
