from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "argmap.exchange"

    def ready(self):
        from argmap.exchange.views.picture import map_view_part
        from argmap.maps.page_parts import ViewPart, register_view_part

        register_view_part(
            ViewPart(
                name="map",
                label="Map view",
                part=map_view_part,
                url_name="map_picture",
                head_template="maps/_mapview_assets.html",
            )
        )
