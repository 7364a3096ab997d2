"""API sign-in by token: a token expires DXNET_TOKEN_DAYS after it was issued, and its use counts as activity."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from . import services


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing an expired token with a 401 in the shared error body."""

    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Mã truy cập API không hợp lệ hoặc đã bị thu hồi."))
        if services.token_is_expired(token):
            raise AuthenticationFailed(_("Mã truy cập API đã hết hạn; hãy cấp mã mới ở trang “Tài khoản của tôi”."))
        services.record_token_use(token.user)
        return token.user, token
