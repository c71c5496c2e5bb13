"""The stage's own words (buttons, panel titles, hover lines, its text alternative), in the page's language.

The browser fills each template's {placeholders} with a window's numbers; a key ending in _one / _other is the
singular / plural form for a count {n}. The stage's JavaScript holds no words: stage.html's English is only what
shows before the first payload arrives (`applyWords` in js/util.js replaces it).
"""

from __future__ import annotations

from poolviz.i18n import N_, _, plural, plural_forms

WORDS = {
    # stage.html: fixed labels
    "stage_label": N_("Pooling stage: the step's picture, its words and its controls"),
    "pass": N_("Pass"),
    "forward_pass": N_("Forward pass"),
    "backward_pass": N_("Backward pass"),
    "step_controls": N_("Step controls"),
    "first": N_("First"),
    "back": N_("Back"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "next": N_("Next"),
    "last": N_("Last"),
    "slider_label": N_("Moment of the pass, by spec step"),
    "speed": N_("Speed"),
    "speed_label": N_("Autoplay speed, in steps per second"),
    "per_second": N_("{s} / s"),
    "more": N_("More…"),
    "same_step": N_("Play and step this spec step across every window"),
    "next_step": N_("Next spec step"),
    "jump_label": N_("Go to a window"),
    "window_row": N_("Window row"),
    "column": N_("column"),
    "go_to_window": N_("Go to window"),
    "side_label": N_("The step in words, as an equation and as code"),
    "what_happens": N_("What happens"),
    "narration_label": N_("What happens, in words"),
    "shapes_label": N_("Shapes with this input's numbers"),
    "equation": N_("Equation"),
    "equation_label": N_("The step's equation"),
    "code": N_("Code (EpyNN)"),
    "code_label": N_("The spec's code, the step's lines highlighted"),
    "hint": N_("Press → or Next to start."),
    "got_it": N_("Got it"),
    # the heading and the slider
    "forward": N_("Forward"),
    "backward": N_("Backward"),
    "heading_window": N_("window ({oh}, {ow}), {k} of {n}"),
    "where_window": N_("window {k}/{n}"),
    "slider_value": N_("{phase} step ({step}){window}, moment {i} of {len}"),
    "slider_window": N_(", window ({oh}, {ow})"),
    # panel titles
    "of_channel": N_(" of channel {c}"),
    "title_blocks": N_("blocks (2){ch}: (oh, ow, m, …)"),
    "title_one_block": N_("one block ({step}){ch}"),
    "title_weights": N_("weights (6hw)"),
    "title_mask": N_("mask (6hw)"),
    # the info line under the picture
    "fact_average": N_("the average of the block"),
    "fact_picked_at": N_("picked at {cells}"),
    "fact_no_pick": N_("no cell picked (NaN)"),
    "fact_slot": N_("block ({oh}, {ow}) = X[{r0}:{r1}, {c0}:{c1}] goes to slot ({oh}, {ow}) of the blocks array"),
    "info_click_z": N_("{fact}. Click a cell of Z to go to its window."),
    "info_hover_forward": N_("Hover a cell to see where its number comes from and where it goes."),
    "fact_adds_nothing": N_("dX += dXb: this window adds nothing (its mask is all 0)"),
    "more_count": N_("and {more} more"),
    "fact_zb": N_("Zb = Z[{oh}, {ow}] = {v} repeated"),
    "fact_weighs": N_("every cell weighs {v}"),
    "fact_mask_zero": N_("the mask is all 0 (a NaN in the window)"),
    "fact_dzb": N_("dZb = dA[{oh}, {ow}] = {v} repeated"),
    "info_dx_starts": N_("dX starts at 0; ×n in a cell = how many windows will add to it. Hover a cell of dX."),
    "info_slices_forward": N_(
        "Each slice is pooled on its own, with the same window. Underlined: {x}, whose blocks are drawn."
    ),
    "info_slices_backward": N_("Each slice gets its own gradient. Underlined: {x}, whose window is drawn in detail."),
    "click_to_go": N_("Click to go to this window."),
    "info_hover_backward": N_(
        "Hover a cell of dX to see what it adds up from; click a cell of Z or dA to go to its window."
    ),
    # hover lines
    "window_words": N_("window ({oh}, {ow}): rows {r0}–{r1}, columns {c0}–{c1}"),
    "and_more": N_(" and {more} more"),
    "x_unread": N_("in no window, never read."),
    "x_in_averages": N_("; it is part of each of their averages."),
    "picked_by": N_("; picked by {list}, so it reached {outputs}."),
    "never_picked": N_("; never picked."),
    "from_average": N_("the average of its block"),
    "from_picked": N_("picked {cells}"),
    "from_nan": N_("a NaN: no cell picked"),
    "output_hover": N_("{name}[{oh}, {ow}] = {v} ← {window}, {from}. Click to go to this window."),
    "block_hover": N_("Block ({oh}, {ow}) of sample {sample}, cell ({a}, {b}) = X[{sample}, {r}, {c}] = {v}"),
    "amount_from": N_("{v} from ({oh}, {ow})"),
    "dx_unread": N_(": in no window, its gradient stays 0."),
    "not_yet": N_("not yet"),
    "block_cell_hover": N_("{name}[{a}, {b}] = {v}: cell {cell} of X and dX."),
    # the text alternative (screen readers)
    "cell_words": N_("row {r}, column {c}"),
    "window_sentence": N_("The window ({oh}, {ow}) covers rows {r0} to {r1}, columns {c0} to {c1}."),
    "picked_avg": N_("avg pooling: it averages all its cells, none is picked."),
    "picked_none": N_("It picked no cell (the window holds a NaN)."),
    "picked_tie": N_(" (a tie: {count} cells)"),
    "picked": N_("It picked {cells}, value {v}{tie}."),
    "rows_cols": N_("{rows} rows, {cols} columns."),
    "blocks_array": N_("Blocks array {order} = {shape}."),
    "blocks_empty": N_("Empty: no block cut yet."),
    "blocks_cut": N_("Blocks of windows 0 to {k} are cut."),
    "blocks_all_cut": N_("Every block is cut; moveaxis changed only the order of the axes."),
    "current_block": N_("The current block ({oh}, {ow}) of sample {i} holds, row by row: {rows}."),
    "current_block_channel": N_(
        "The current block ({oh}, {ow}) of sample {i}, channel {c}, holds, row by row: {rows}."
    ),
    "blocks_channel_only": N_("The blocks are drawn for channel {c} only."),
    "not_computed": N_("Not computed yet."),
    "filled_up_to": N_("Filled up to window {k}: Z[{oh}, {ow}] = {v}."),
    "z_output": N_("Z[{oh}, {ow}] is this window's output."),
    "dz_named_is_da": N_("{dz}, which is dA with two axes of size 1 added,"),
    "empty_window": N_("Empty: not reached yet in this window."),
    "alt_xb": N_("Xb, the window's block, {ph} by {pw}."),
    "alt_xb_of": N_("Xb, the window's block of {of}, {ph} by {pw}."),
    "alt_zb": N_("Zb, Z of this window repeated {ph} by {pw}."),
    "alt_weights": N_("The weights, each 1/(ph·pw) = {v}."),
    "alt_mask": N_("The mask: 1 where Xb equals Zb."),
    "alt_dzb": N_("dZb, dA of this window repeated {ph} by {pw}."),
    "alt_dxb": N_("dXb = dZb times the mask."),
    "not_made": N_("Not made yet."),
    "all_zeros": N_("All zeros."),
    "changed_from_to": N_("{cell} from {before} to {after}"),
    "step_changed": N_("This step changed {changes}."),
    "step_changed_nothing": N_("This step changed nothing."),
    "empty": N_("empty"),
    "alt_row": N_("Row {r}: {values}."),
}

PLURALS = {  # key: (singular, plural), each with {n}
    "unread": plural_forms("{n} cell is in no window.", "{n} cells are in no window."),
    "after_windows": plural_forms("After the += of window 0 to {last}.", "After the += of windows 0 to {last}."),
    "read_by": plural_forms("read by {n} window {list}", "read by {n} windows {list}"),
    "nothing_added": plural_forms(
        ": nothing added yet ({n} window covers it).", ": nothing added yet ({n} windows cover it)."
    ),
    "fact_mask_ones": plural_forms("the mask has {n} cell at 1", "the mask has {n} cells at 1"),
}


def stage_words() -> dict[str, str]:
    """Every template the stage's JavaScript shows, in the current language."""
    words = {key: _(template) for key, template in WORDS.items()}
    for key, forms in PLURALS.items():
        words[f"{key}_one"], words[f"{key}_other"] = plural(forms, 1), plural(forms, 2)
    return words
