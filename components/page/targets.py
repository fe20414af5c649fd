"""CSS for WCAG 2.2 AA on Streamlit's own controls: pointer targets of at least 24x24 CSS px
(2.5.8), a closed sidebar out of the keyboard's way and a data table's toolbar that shows while
it has focus (2.4.11). Constant: nothing from the data goes into it."""

from __future__ import annotations

# WCAG 2.2 2.5.8 (target size, minimum), in CSS px.
MIN_TARGET_PX = 24

TARGET_CSS = f"""
/* A radio button or check box is pressed through its label: the label is the target. */
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label {{
  min-height: {MIN_TARGET_PX}px; align-items: center; }}
/* A multiselect chip's remove cross: 7 px high as drawn, 24 px to press. */
[data-testid="stMultiSelectTagsContainer"] [data-tag] > button {{
  min-width: {MIN_TARGET_PX}px; min-height: {MIN_TARGET_PX}px; display: inline-flex;
  align-items: center; justify-content: center; margin-right: -0.35rem; }}
/* The tab row's scroll arrows on a narrow screen, and the help "?" beside a label. */
[data-testid="stTabsScrollLeft"], [data-testid="stTabsScrollRight"] {{ min-width: {MIN_TARGET_PX}px !important; }}
[data-testid="stTooltipIcon"] [data-testid="stTooltipHoverTarget"] > button {{
  min-width: {MIN_TARGET_PX}px; min-height: {MIN_TARGET_PX}px; display: inline-flex;
  align-items: center; justify-content: center; }}
/* The date control's calendar button: 16 px high as drawn, 24 px to press. */
[data-testid="stDateInputCalendarButton"] {{
  min-width: {MIN_TARGET_PX}px; min-height: {MIN_TARGET_PX}px; display: inline-flex;
  align-items: center; justify-content: center; }}
/* A closed sidebar is moved off the screen, but its controls stayed in the Tab order, focus
   went where nobody sees it: hidden, they leave the order until it opens again. */
[data-testid="stSidebar"][data-collapsed="true"],
[data-testid="stSidebar"][data-collapsed="true"] * {{ visibility: hidden !important; }}
/* A table's toolbar (search, download, full screen) shows while one of its buttons has focus. */
[data-testid="stElementToolbar"]:focus-within {{ opacity: 1 !important; z-index: 5 !important; }}
"""
