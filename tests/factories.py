import factory
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from argmap.articles.models import Article
from argmap.maps.models import Link, Map, Node
from argmap.teams.models import Membership, Role, Workspace


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    slug = factory.Sequence(lambda n: f"workspace-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = "Troops are needed. Who will pay for them? Europe will pay."


class MapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Map

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Map {n}")


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    map = factory.SubFactory(MapFactory)
    kind = "claim"
    text = factory.Sequence(lambda n: f"Claim number {n}.")


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    source = factory.SubFactory(NodeFactory)
    target = factory.SubFactory(NodeFactory, map=factory.SelfAttribute("..source.map"))
    map = factory.SelfAttribute("source.map")
    relation = "supports"


def big_map(size: int, *, workspace: Workspace | None = None, fanout: int = 4) -> Map:
    """A map of ``size`` nodes: a question root, then a tree in which every node has up to
    ``fanout`` children, relations cycling through answers / supports / opposes, and
    every tenth node evidence with a grade. Built with bulk inserts."""
    workspace = workspace or WorkspaceFactory()
    map_obj = MapFactory(workspace=workspace, title=f"Big map of {size} nodes")
    nodes = [Node(map=map_obj, kind="question", text="Root question?")]
    for index in range(1, size):
        evidence = index % 10 == 0
        nodes.append(
            Node(
                map=map_obj,
                kind="evidence" if evidence else "claim",
                text=f"Node {index} says something <b>bold</b> & plain.",
                source_title="Source" if evidence else "",
                source_reliability="B" if evidence else "",
                information_credibility=2 if evidence else None,
            )
        )
    nodes = bulk_create_with_history(nodes, Node, batch_size=2000)
    links = []
    for index in range(1, size):
        parent = nodes[(index - 1) // fanout]
        # The root's children (indices 1..fanout) are never evidence, so they may answer it.
        relation = "answers" if parent.kind == "question" else ("supports", "opposes")[index % 2]
        links.append(Link(map=map_obj, source=nodes[index], target=parent, relation=relation))
    bulk_create_with_history(links, Link, batch_size=2000)
    map_obj.root = nodes[0]
    map_obj.save(update_fields=["root"])
    return map_obj
