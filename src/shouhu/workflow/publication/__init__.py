"""Case clues (案件线索) any app can raise for the enforcement side, and publications (信息公示) of results the
rules require to be made public (issue 11, point 6)."""
