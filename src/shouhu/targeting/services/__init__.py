"""Targeting's writes: train, evaluate and (when it measures up) promote a model version with its ranking."""

from .training import model_train, retrain_all, retrain_job, retrain_queue

__all__ = ["model_train", "retrain_all", "retrain_job", "retrain_queue"]
