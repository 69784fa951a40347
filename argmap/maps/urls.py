from django.urls import path

from argmap.maps import views

urlpatterns = [
    path("", views.home, name="home"),
    path("maps/<int:pk>/", views.map_detail, name="map_detail"),
    path("articles/<int:pk>/", views.article_reader, name="article_reader"),
]
