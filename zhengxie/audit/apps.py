from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhengxie.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        # lib sits below audit in the import order; hand the workflow its recorder here.
        from django.db.backends.signals import connection_created

        from zhengxie.lib import workflow

        from .guard import register_guard
        from .services import record

        workflow.register_recorder(record)
        connection_created.connect(register_guard, dispatch_uid="zhengxie.audit.guard")
