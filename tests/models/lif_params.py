"""The LIF parameters the model tests share (each test adds its synapse and model fields)."""

LIF = dict(cm=1.0, tau_m=20.0, v_rest=-65.0, v_reset=-70.0, v_thresh=-50.0, tau_refrac=2.0, i_offset=0.0)
