"""The mini CNN: shapes (the generated data, torch-free), model (the only runtime code importing
torch), weights/ (trained networks and histories). `python -m glossary.cnn train|evaluate`."""
