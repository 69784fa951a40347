"""Rules of the suggested structure added for unmarked units, on units written for these
tests: each test shows the rule deciding an outcome."""

from argmap.analysis import drafts, embeddings, markers, structure


def draft(texts, **kwargs):
    return drafts.draft(texts, embeddings.embed(texts), **kwargs)


def top(result, index):
    return result.suggestions[index][0]


def cue_decides(units, i, parent, why, changed, plain):
    """Assert that unit i hangs on ``parent`` for the reason ``why``, and no longer does
    once unit ``changed`` reads ``plain`` (the cue taken out); return the first draft."""
    result = draft(units)
    assert top(result, i).parent == parent
    assert why in top(result, i).reason
    assert (
        top(draft([plain if j == changed else u for j, u in enumerate(units)]), i).parent != parent
    )
    return result


def test_a_conclusion_drawn_later_makes_the_opening_sentence_one_of_its_reasons():
    units = [
        "Night buses carry few riders,",
        "because most people sleep after midnight.",
        "Each run costs the city a driver and fuel.",
        "Therefore the city should stop the night buses.",
        "Taxi vouchers would serve the few riders.",
    ]
    assert draft(units).central == 3


def test_a_clause_of_purpose_or_means_goes_with_the_clause_before():
    assert markers.purpose_or_means("to pay for the new buses.")
    assert markers.purpose_or_means("in order to keep the air clean.")
    assert markers.purpose_or_means("by charging drivers at the gate.")
    assert not markers.purpose_or_means("Tourists would come back.")
    units = [
        "The town should close the old centre to cars.",
        "Fumes from the traffic blacken the cathedral walls.",
        "The council could raise the parking fees,",
        "to pay for the new electric buses.",
    ]
    result = draft(units)
    assert (top(result, 3).parent, top(result, 3).relation) == (2, "supports")
    assert "why or how" in top(result, 3).reason
    # As a sentence of its own, the same words start no purpose clause.
    units[2] = "The council could raise the parking fees."
    units[3] = "To pay for the new electric buses is the next task."
    assert "why or how" not in top(draft(units), 3).reason


def test_an_answer_yes_or_no_states_the_writers_position():
    assert markers.gives_verdict("Yes, the tax should stay.")
    assert markers.gives_verdict("No, it will not work.")
    assert markers.gives_verdict("In the long run, yes the tax pays off.")
    assert not markers.gives_verdict("No driver likes the toll.")
    assert not markers.gives_verdict("There is no harm in trying.")
    units = [
        "A sugar tax makes soft drinks dearer for everyone.",
        "Families on low incomes feel it most.",
        "In the end, yes, a sugar tax is worth having,",
        "because it cuts the sugar children drink.",
    ]
    assert draft(units).central == 2


def test_a_sentence_that_opens_the_text_hangs_on_the_rest_of_its_sentence():
    units = [
        "The night buses are old and loud",
        "and they wake people along the route.",
        "I think the council should listen to residents.",
        "Electric buses cost less to run.",
    ]
    # Two sentences: the first one no longer hangs on the second.
    result = cue_decides(units, 0, 1, "sentence goes on", 0, "The night buses are old and loud.")
    assert result.central == 2


def test_a_sentence_spells_out_the_points_the_sentence_before_announces():
    assert markers.announces("There are many benefits to cycling to work.")
    assert markers.announces("One drawback of the plan is its cost.")
    assert not markers.announces("There is a bus every ten minutes.")
    units = [
        "The city should build more cycle lanes.",
        "Cycle lanes bring many benefits.",
        "Cyclists breathe less traffic smoke.",
    ]
    # Without the announcing noun, the same sentence is another point for the claim.
    cue_decides(units, 2, 1, "announces", 1, "Cycle lanes are common in Denmark.")


def test_a_counter_argument_named_as_such_is_a_reported_view():
    assert markers.is_objection("One possible counter argument is that lanes slow buses.")
    assert markers.is_objection("A common counterargument: the lanes stay empty.")


def after_an_example(last):
    """A claim, a reason for it, an example of the reason, then ``last``: the units and
    their draft (the example hangs under the reason)."""
    units = [
        "The town should ban cars from the old centre.",
        "The streets there are too narrow for lorries.",
        "For example, lorries get stuck at the old bridge.",
        last,
    ]
    result = draft(units)
    assert top(result, 2).parent == 1
    return units, result


def test_after_a_point_made_for_another_an_unmarked_one_goes_back_to_the_claim():
    units, result = after_an_example("Quiet streets draw more visitors.")
    assert top(result, 3).parent == structure.ROOT
    assert "back to the main claim" in top(result, 3).reason
    # Under a question title there is no claim to go back to: the point stays beside
    # the one before.
    titled = draft(
        units,
        title="Should the old centre be closed to cars?",
        title_vector=embeddings.embed(["Should the old centre be closed to cars?"])[0],
        title_kind=structure.QUESTION,
    )
    assert "back to the main claim" not in top(titled, 3).reason


def test_a_contrast_after_the_reason_for_a_reported_view_answers_the_view():
    units = [
        "The town should ban cars from the old centre.",
        "Some say that shops would lose customers,",
        "because drivers could no longer park at the door,",
        "but shops in car-free streets sell more.",
    ]
    result = draft(units)
    assert top(result, 2).parent == 1
    assert (top(result, 3).parent, top(result, 3).relation) == (1, "opposes")
    assert "answers the view" in top(result, 3).reason


def test_as_well_as_inside_a_clause_adds_no_point():
    assert markers.opening("They will sleep better as well.").kind == "addition"
    assert markers.opening("They cannot cope as well as other children.").kind == ""
    assert markers.opening("Siblings get along as well with cousins.").kind == ""


def test_views_reported_with_a_modal_or_a_perfect_are_objections():
    assert markers.is_objection("Christians could argue that it is better to wait.")
    assert markers.is_objection("Some have claimed that games bring families together.")
    assert not markers.is_objection("I argue that games bring families together.")


def test_a_negative_question_asserts_and_is_no_open_question():
    assert markers.rhetorical("Don't they need their horns to survive?")
    assert not markers.rhetorical("Do they need their horns to survive?")
    units = [
        "Rhinos should keep their horns.",
        "Don't they need them to fight off lions?",
        "Do zoos keep rhinos without horns?",
    ]
    result = draft(units)
    assert top(result, 1).relation == "supports"
    assert top(result, 2).relation == "questions"


def test_what_follows_a_dash_or_a_colon_spells_out_the_unit_before():
    assert markers.spells_out("-- the smell of the ink,", "Books appeal to the senses")
    assert markers.spells_out("the smell of the ink,", "Books appeal to the senses:")
    assert not markers.spells_out("the smell of the ink,", "Books appeal to the senses,")
    units = [
        "Printed books will not disappear.",
        "Books appeal to all the senses",
        "-- the smell of the ink, the weight in the hand.",
    ]
    result = draft(units)
    assert top(result, 2).parent == 1
    assert "dash or colon" in top(result, 2).reason


def test_a_sentence_added_beside_the_one_before_does_not_hang_under_it():
    _, result = after_an_example("Moreover, vans block the lanes for hours.")
    assert top(result, 3).parent == 1  # beside the example, under the same point
