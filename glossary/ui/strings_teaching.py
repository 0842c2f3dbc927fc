"""Interface strings of the four teaching demos (neuron, backprop, cross-entropy, init), Polish and
English. Kept apart from ``text.py`` (the older demos' table) so each table stays small."""

from __future__ import annotations

# key -> (Polish, English); `{name}` fields are filled by `tr(key, lang, **fields)`.
TEXT: dict[str, tuple[str, str]] = {
    "activation": ("Funkcja aktywacji", "Activation"),
    # neuron
    "w1": ("Waga w₁", "Weight w₁"),
    "w2": ("Waga w₂", "Weight w₂"),
    "b": ("Obciążenie (bias) b", "Bias b"),
    "x1": ("Wejście x₁ (punkt na wykresie)", "Input x₁ (the point on the chart)"),
    "x2": ("Wejście x₂ (punkt na wykresie)", "Input x₂ (the point on the chart)"),
    "plane_title": ("Wyjście y nad płaszczyzną wejść", "The output y over the input plane"),
    "neuron_line": (
        "Prosta w₁·x₁ + w₂·x₂ + b = 0 (biel na mapie, gdy f(0) leży w środku skali) dzieli płaszczyznę: "
        "po jednej stronie pobudzenie z jest dodatnie, po drugiej ujemne. Wagi obracają ją, obciążenie "
        "przesuwa.",
        "The line w₁·x₁ + w₂·x₂ + b = 0 (white on the map when f(0) sits mid-scale) splits the plane: "
        "on one side the pre-activation z is positive, on the other negative. The weights turn it, the "
        "bias shifts it.",
    ),
    "no_line": (
        "Obie wagi są zerowe: wyjście nie zależy od wejść (stałe f(b)).",
        "Both weights are zero: the output does not depend on the inputs (constant f(b)).",
    ),
    # backprop
    "target": ("Cel t", "Target t"),
    "lr": ("Współczynnik uczenia", "Learning rate"),
    "bp_seed": ("Wagi startowe (0 = z podręcznika)", "Starting weights (0 = textbook)"),
    "bp_forward": ("Przejście w przód", "Forward pass"),
    "bp_backward": ("Przejście wstecz (reguła łańcuchowa)", "Backward pass (the chain rule)"),
    "bp_step": ("Jeden krok gradientu", "One gradient step"),
    "col_node": ("węzeł", "node"),
    "col_formula": ("wzór", "formula"),
    "col_value": ("wartość", "value"),
    "col_param": ("parametr", "parameter"),
    "col_before": ("przed", "before"),
    "col_grad": ("∂L/∂p", "∂L/∂p"),
    "col_after": ("po: p − lr·∂L/∂p", "after: p − lr·∂L/∂p"),
    "loss_before": ("Strata przed krokiem", "Loss before the step"),
    "loss_after": ("Strata po kroku", "Loss after the step"),
    "bp_network": (
        "Sieć 2–2–1: z = W·x + b, h = f(z), o = v·h + c, ŷ = σ(o), L = ½(ŷ − t)². "
        "Każdy gradient to poprzedni razy pochodna lokalna — bez autogradu; testy porównują go z "
        "torch.autograd do 1e-10.",
        "Network 2–2–1: z = W·x + b, h = f(z), o = v·h + c, ŷ = σ(o), L = ½(ŷ − t)². "
        "Every gradient is the previous one times a local derivative — no autograd; the tests compare "
        "it with torch.autograd to 1e-10.",
    ),
    # cross-entropy
    "logits": ("Logity z (oddzielone przecinkami)", "Logits z (comma-separated)"),
    "n_classes_short": ("Liczba klas", "Number of classes"),
    "target_class": ("Klasa docelowa", "Target class"),
    "scale": ("Pomnóż logity przez", "Multiply the logits by"),
    "class_n": ("klasa {n}", "class {n}"),
    "ce_probs": ("Prawdopodobieństwa p = softmax(z)", "Probabilities p = softmax(z)"),
    "ce_loss": (
        "Strata L = −log p_{t} = **{loss}**; gradient ∂L/∂z = p − y = [{grad}]",
        "Loss L = −log p_{t} = **{loss}**; gradient ∂L/∂z = p − y = [{grad}]",
    ),
    "ce_naive_title": (
        "log(softmax) naiwnie kontra log-softmax",
        "log(softmax) naively against log-softmax",
    ),
    "col_class": ("klasa", "class"),
    "col_logit": ("logit z", "logit z"),
    "col_naive": ("log(exp(z)/Σexp(z))", "log(exp(z)/Σexp(z))"),
    "col_stable": ("log_softmax(z)", "log_softmax(z)"),
    "ce_broken": (
        "Naiwny wzór się psuje: exp przepełnia się powyżej z = ln(DBL_MAX) ≈ 709,78 (inf/inf = NaN) "
        "albo zaokrągla do 0 (log 0 = −∞). log-softmax odejmuje maksimum i zostaje skończony: strata {loss}.",
        "The naive formula breaks: exp overflows above z = ln(DBL_MAX) ≈ 709.78 (inf/inf = NaN) "
        "or rounds to 0 (log 0 = −∞). log-softmax subtracts the maximum and stays finite: loss {loss}.",
    ),
    "ce_fine": (
        "Przy tych logitach oba wzory dają to samo; zwiększ mnożnik, żeby zobaczyć, kiedy naiwny się psuje.",
        "At these logits both formulas agree; raise the multiplier to see when the naive one breaks.",
    ),
    "binary_title": ("Przypadek binarny: sigmoida", "The binary case: sigmoid"),
    "binary_logit": ("Logit z", "Logit z"),
    "binary_label": ("Etykieta y", "Label y"),
    "binary_result": (
        "p = σ(z) = {p}; BCE z logitów = max(z, 0) − z·y + log(1 + e^(−|z|)) = **{loss}**; "
        "∂L/∂z = σ(z) − y = {grad}",
        "p = σ(z) = {p}; BCE with logits = max(z, 0) − z·y + log(1 + e^(−|z|)) = **{loss}**; "
        "∂L/∂z = σ(z) − y = {grad}",
    ),
    "binary_naive": (
        "Naiwnie: −[y·log p + (1 − y)·log(1 − p)] = {naive} (p zaokrąglone w float64 do 1 albo 0 daje log 0)",
        "Naively: −[y·log p + (1 − y)·log(1 − p)] = {naive} (p rounded in float64 to 1 or 0 gives log 0)",
    ),
    # init
    "init_a": ("Inicjalizacja", "Init"),
    "init_b": ("Porównaj z", "Compare with"),
    "std_axis": ("odchylenie std aktywacji", "std of the activations"),
    "pct_axis": ("percentyle aktywacji", "activation percentiles"),
    "pct_name": ("{init}: p{q}", "{init}: p{q}"),
    "init_last": (
        "{init}: std aktywacji w warstwie {depth} = **{std}** (na wejściu {input}).",
        "{init}: std of the activations at layer {depth} = **{std}** (input {input}).",
    ),
    "col_init": ("inicjalizacja", "init"),
    "col_layer": ("warstwa", "layer"),
    "col_std": ("std", "std"),
}
