"""BERT-family text encoders (transformers): tokenizing a sentence and tracing it through every layer and head."""
