"""Shouhu (守护): safety supervision of infant complementary food (婴幼儿辅助食品)."""

__version__ = "0.1.0"
