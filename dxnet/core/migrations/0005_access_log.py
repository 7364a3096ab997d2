"""The export log becomes the access log of personal data: every bulk read, with its channel; append-only."""

from django.conf import settings
from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER core_accesslog_no_update BEFORE UPDATE ON core_accesslog
       BEGIN SELECT RAISE(ABORT, 'access log entries are append-only'); END""",
    """CREATE TRIGGER core_accesslog_no_delete BEFORE DELETE ON core_accesslog
       BEGIN SELECT RAISE(ABORT, 'access log entries are append-only'); END""",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION core_accesslog_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'access log entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_accesslog_append_only BEFORE UPDATE OR DELETE ON core_accesslog
       FOR EACH ROW EXECUTE FUNCTION core_accesslog_append_only()""",
]
REVERSE = {
    "sqlite": ["DROP TRIGGER core_accesslog_no_update", "DROP TRIGGER core_accesslog_no_delete"],
    "postgresql": ["DROP TRIGGER core_accesslog_append_only ON core_accesslog",
                   "DROP FUNCTION core_accesslog_append_only()"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_import_job"),
        ("agencies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ExportLog", "AccessLog"),
        migrations.AlterModelOptions(
            name="accesslog",
            options={"ordering": ["-at", "-id"], "verbose_name": "lần truy cập dữ liệu cá nhân",
                     "verbose_name_plural": "nhật ký truy cập dữ liệu cá nhân"},
        ),
        migrations.AlterField(
            model_name="accesslog", name="actor",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="người truy cập"),
        ),
        migrations.AlterField(
            model_name="accesslog", name="actor_name",
            field=models.CharField(max_length=150, verbose_name="tên đăng nhập"),
        ),
        migrations.AddField(
            model_name="accesslog", name="actor_path",
            field=models.CharField(blank=True, db_index=True, max_length=400,
                                   verbose_name="đơn vị của người truy cập"),
        ),
        migrations.AddField(
            model_name="accesslog", name="channel",
            field=models.CharField(choices=[("web", "Trang web"), ("api", "API"), ("export", "Xuất Excel")],
                                   default="export", max_length=10, verbose_name="kênh"),
        ),
        # The exports logged so far: their authors' agencies, so coordinators see them too.
        migrations.RunSQL(
            """UPDATE core_accesslog SET actor_path = COALESCE((SELECT a.path FROM accounts_user u
               JOIN agencies_agency a ON a.id = u.agency_id WHERE u.id = core_accesslog.actor_id), '')""",
            migrations.RunSQL.noop,
        ),
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRESQL}), _run(REVERSE)),
    ]
