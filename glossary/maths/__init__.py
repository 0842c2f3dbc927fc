"""The NumPy core: activations (one function + derivative each, a registry), gradient flow, toy
networks, readouts. Never imports torch or streamlit."""
