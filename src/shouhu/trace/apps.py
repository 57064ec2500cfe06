from django.apps import AppConfig


class TraceConfig(AppConfig):
    name = "shouhu.trace"
    verbose_name = "追溯与召回"

    def ready(self) -> None:
        # Production announces its flows (lot → batch, batch → shipment); trace keeps them as graph edges.
        from shouhu.production import flows

        from .graph import record_flow

        flows.listen(record_flow)
