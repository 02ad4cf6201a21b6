"""Vision Transformers (timm): tracing an image through every layer and head, and the gradients for rollout."""
