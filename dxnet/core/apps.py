from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dxnet.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import lookups  # noqa: F401 - registers field__in_array
        from .middleware import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="dxnet-stamp-sign-in")
