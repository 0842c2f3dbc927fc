"""Interface strings of the demos, Polish and English (the app's own strings live in ``i18n``)."""

from __future__ import annotations

# key -> (Polish, English); `{name}` fields are filled by `tr(key, lang, **fields)`.
TEXT: dict[str, tuple[str, str]] = {
    "unknown_activation": (
        "Nieznana funkcja aktywacji „{name}” w nagłówku hasła (znane: {known}).",
        "Unknown activation “{name}” in the entry's front matter (known: {known}).",
    ),
    "yes": ("tak", "yes"),
    "no": ("nie", "no"),
    # curve
    "curve_title": ("Wykres f(x) i f′(x)", "f(x) and f′(x)"),
    "x_range": ("Zakres x", "x range"),
    "point_x": (
        "Punkt x (wzór z liczbami poniżej wykresu)",
        "Point x (formula with numbers below the chart)",
    ),
    "overlay": ("Nałóż inne funkcje", "Overlay other activations"),
    "choose": ("Wybierz…", "Choose…"),
    "properties": ("Własności (z rejestru)", "Properties (from the registry)"),
    "col_activation": ("funkcja", "activation"),
    "col_range": ("zbiór wartości", "output range"),
    "col_monotonic": ("monotoniczna", "monotonic"),
    "col_zero_centred": ("wycentrowana w 0", "zero-centred"),
    "col_saturates": ("nasyca się (f′ → 0)", "saturates (f′ → 0)"),
    "saturates_both": ("z obu stron", "on both sides"),
    "saturates_left": ("dla x → −∞", "as x → −∞"),
    "saturates_right": ("dla x → +∞", "as x → +∞"),
    "params_for": ("dla", "for"),
    # activation titles where Polish has its own name (else the registry's title) and parameter labels
    "act_sigmoid": ("Sigmoida", "Sigmoid"),
    "act_tanh": ("Tangens hiperboliczny", "Tanh"),
    "param_negative_slope": ("nachylenie dla x < 0", "negative slope"),
    "param_alpha": ("α (wartość w −∞ to −α)", "α (the value at −∞ is −α)"),
    "param_beta": ("β (ostrość)", "β (sharpness)"),
    "param_threshold": ("próg liniowości βx", "linear above βx ="),
    "param_approximate": ("przybliżenie", "approximation"),
    "param_temperature": ("temperatura T", "temperature T"),
    "col_smooth": ("gładka", "smooth"),
    "col_d0": ("f′(0)", "f′(0)"),
    "col_max_d": ("max |f′|", "max |f′|"),
    # softmax
    "softmax_title": ("Logity → prawdopodobieństwa", "Logits → probabilities"),
    "n_classes": ("Liczba klas", "Number of classes"),
    "overflow_title": (
        "Duże logity: wzór naiwny kontra z odjętym maksimum",
        "Large logits: the naive formula against the max-shifted one",
    ),
    "shift": ("Dodaj do każdego logitu", "Add to every logit"),
    "naive": ("Naiwnie: exp(z) / Σ exp(z)", "Naive: exp(z) / Σ exp(z)"),
    "naive_note": (
        "exp(z) przekracza zakres float64 dla z > ln(DBL_MAX) ≈ 709,78: ∞/∞ daje NaN.",
        "exp(z) exceeds float64 for z > ln(DBL_MAX) ≈ 709.78: ∞/∞ gives NaN.",
    ),
    "stable": ("Stabilnie: exp(z − max z) / Σ exp(z − max z)", "Stable: exp(z − max z) / Σ exp(z − max z)"),
    "stable_note": (
        "Wynik jest ten sam (stała się skraca), ale każdy wykładnik ≤ 0, więc exp ≤ 1.",
        "Same result (the constant cancels), but every exponent is ≤ 0, so exp ≤ 1.",
    ),
    "exponent": ("wykładnik", "exponent"),
    "finite": ("Wszystkie prawdopodobieństwa skończone.", "All probabilities finite."),
    "overflowed": ("Przepełnienie: w wyniku są ∞ lub NaN.", "Overflow: the result holds ∞ or NaN."),
    # all activations
    "all_title": ("Wszystkie funkcje aktywacji na jednym wykresie", "All activations on one chart"),
    "shown": ("Pokazane funkcje", "Activations shown"),
    "show": ("Rysuj", "Draw"),
    "show_f": ("f(x)", "f(x)"),
    "show_df": ("pochodną f′(x)", "the derivative f′(x)"),
    # vanishing gradient
    "grad_title": ("Zanikający gradient w głębokiej sieci", "Vanishing gradient in a deep network"),
    "grad_not_hidden": (
        "{name} normalizuje cały wektor naraz, więc nie jest elementową aktywacją warstw ukrytych "
        "(sieci używają jej na wyjściu i w mechanizmie uwagi) i nie ma jednej pochodnej f′ do złożenia "
        "w głąb; poniżej porównanie dla: {other}.",
        "{name} normalises a whole vector at once, so it is not an elementwise hidden-layer activation "
        "(networks use it at the output and inside attention) and has no single f′ to compose in "
        "depth; below, the comparison for {other}.",
    ),
    "depth": ("Głębokość (warstwy)", "Depth (layers)"),
    "width": ("Szerokość warstwy", "Layer width"),
    "init": ("Inicjalizacja wag", "Weight initialisation"),
    "init_xavier": ("Xavier (Glorot)", "Xavier (Glorot)"),
    "init_he": ("He (Kaiming)", "He (Kaiming)"),
    "init_normal": ("N(0, 1) bez skalowania", "N(0, 1), unscaled"),
    "weight_scale": ("Mnożnik wag", "Weight scale"),
    "norm": ("Normalizacja", "Normalisation"),
    "norm_none": ("brak", "none"),
    "norm_batch": ("batch norm", "batch norm"),
    "norm_layer": ("layer norm", "layer norm"),
    "compare": ("Porównaj z", "Compare with"),
    "grad_axis": ("norma gradientu wag ‖∂L/∂W‖ (skala log)", "weight-gradient norm ‖∂L/∂W‖ (log scale)"),
    "layer": ("warstwa (1 = przy wejściu)", "layer (1 = input side)"),
    "bound_label": ("{name}: granica max|f′|^k (przerywana)", "{name}: bound max|f′|^k (dotted)"),
    "saturated": ("nasycone (|f′| < 10⁻³)", "saturated (|f′| < 10⁻³)"),
    "dead": ("martwe (0 dla całego batcha)", "dead (0 for the whole batch)"),
    "fraction": ("odsetek neuronów", "fraction of units"),
    # noun forms for counts (format.count_of): Polish 1 | 2–4 | 5+, English 1 | other
    "n_layers": ("warstwa|warstwy|warstw", "layer|layers"),
    "verdict_vanishing": (
        "**{name}, {layers}:** warstwa 1 dostaje {ratio} gradientu ostatniej warstwy: prawie się "
        "nie uczy ({bound_note}).",
        "**{name}, {layers}:** layer 1 receives {ratio} of the last layer's gradient: it will "
        "barely learn ({bound_note}).",
    ),
    "bound_shrinks": (
        "czynnik samej aktywacji wynosi najwyżej max|f′|^głębokość = {m}^{depth} ≈ {bound}",
        "the activation's factor is at most max|f′|^depth = {m}^{depth} ≈ {bound}",
    ),
    "bound_no_shrink": (
        "czynnik samej aktywacji wynosi najwyżej max|f′|^głębokość = {m}^{depth} ≈ {bound}: ta granica "
        "niczego nie wymusza, gradient zmniejszają tu wartości f′ poniżej maksimum i wagi",
        "the activation's factor is at most max|f′|^depth = {m}^{depth} ≈ {bound}: that bound forces "
        "nothing; what shrinks the gradient here is f′ below its maximum, and the weights",
    ),
    "verdict_dead": (
        "**{name}, {layers}:** do warstwy 1 nie dociera żaden gradient (zero lub poniżej "
        "precyzji liczb): ona się nie uczy.",
        "**{name}, {layers}:** no gradient reaches layer 1 (zero, or below floating-point precision): "
        "it does not learn.",
    ),
    "verdict_exploding": (
        "**{name}, {layers}:** warstwa 1 dostaje {ratio} gradientu ostatniej warstwy: gradient "
        "eksploduje, krok uczenia rozsadzi wagi.",
        "**{name}, {layers}:** layer 1 receives {ratio} of the last layer's gradient: the "
        "gradient explodes and a learning step will blow the weights up.",
    ),
    "verdict_weak": (
        "**{name}, {layers}:** warstwa 1 dostaje {ratio} gradientu ostatniej warstwy: uczy się, "
        "ale wolniej niż wyższe warstwy.",
        "**{name}, {layers}:** layer 1 receives {ratio} of the last layer's gradient: it learns, "
        "but slower than the layers above.",
    ),
    "verdict_strong": (
        "**{name}, {layers}:** warstwa 1 dostaje {ratio} gradientu ostatniej warstwy: gradient "
        "rośnie w stronę wejścia.",
        "**{name}, {layers}:** layer 1 receives {ratio} of the last layer's gradient: the "
        "gradient grows towards the input.",
    ),
    "verdict_healthy": (
        "**{name}, {layers}:** warstwa 1 dostaje {ratio} gradientu ostatniej warstwy: gradient "
        "płynie przez całą sieć.",
        "**{name}, {layers}:** layer 1 receives {ratio} of the last layer's gradient: the "
        "gradient flows through the whole network.",
    ),
    "verdict_unknown": (
        "**{name}, {layers}:** gradient ostatniej warstwy jest zerowy lub nieskończony.",
        "**{name}, {layers}:** the last layer's gradient is zero or infinite.",
    ),
    # mini CNN
    "cnn_title": ("Mini CNN z przykładu", "The example's mini CNN"),
    "cnn_fallback": (
        "Sieć nie była trenowana z {name} w warstwie ukrytej; pokazuję sieć z {fallback}.",
        "The network was not trained with {name} as the hidden activation; showing the {fallback} one.",
    ),
    "cnn_missing": (
        "Brak wytrenowanej sieci z {name} (uruchom `python -m glossary.cnn train`).",
        "No trained network with {name} (run `python -m glossary.cnn train`).",
    ),
    "cnn_unloadable": (
        "Zapisanej sieci z {name} nie da się wczytać ({error}): pliki pochodzą z innej wersji "
        "architektury; wytrenuj ją ponownie (`python -m glossary.cnn train`).",
        "The saved network with {name} cannot be loaded ({error}): the files come from another version "
        "of the architecture; retrain it (`python -m glossary.cnn train`).",
    ),
    "cnn_variant": ("Architektura sieci", "Network architecture"),
    "cnn_variant_seed": ("warstwy z przykładu", "the example's layers"),
    "cnn_variant_pooled": ("z poolingiem", "with pooling"),
    "cnn_variant_seed_note": (
        "Ta sama architektura co w przykładzie, z 6 klasami: Conv2d(3, 32, 3) → aktywacja → Flatten → "
        "Linear(32·28·28, 6), uczona na logitach (softmax dopiero przy predykcji). "
        "Trafność walidacyjna {acc}: bez poolingu ta mała sieć słabo rozpoznaje wygenerowane kształty.",
        "The example's architecture with 6 classes: Conv2d(3, 32, 3) → activation → Flatten → "
        "Linear(32·28·28, 6), trained on logits (softmax only at prediction). "
        "Validation accuracy {acc}: without pooling this small network recognises the shapes poorly.",
    ),
    "cnn_variant_pooled_note": (
        "Ta sama pierwsza warstwa Conv2d(3, 32, 3) i aktywacja, dalej BatchNorm, pooling i dwie kolejne "
        "konwolucje. Trafność walidacyjna {acc}.",
        "The same first Conv2d(3, 32, 3) and activation, then BatchNorm, pooling and two more "
        "convolutions. Validation accuracy {acc}.",
    ),
    "cnn_source": ("Obraz", "Image"),
    "cnn_source_generate": ("wygeneruj", "generate"),
    "cnn_source_upload": ("wgraj", "upload"),
    "cnn_source_draw": ("narysuj", "draw"),
    "cnn_draw_note": (
        "Narysuj kształt myszą lub palcem; sieć zobaczy go zmniejszonego do 30×30.",
        "Draw a shape with the mouse or a finger; the network sees it scaled down to 30×30.",
    ),
    "cnn_upload": ("Plik z obrazem", "Image file"),
    "cnn_upload_note": (
        "PNG/JPG/GIF/BMP/WebP do {mb} MB; zostanie zmniejszony do 30×30.",
        "PNG/JPG/GIF/BMP/WebP up to {mb} MB; it is scaled down to 30×30.",
    ),
    "cnn_no_image": (
        "Narysuj lub wgraj obraz, aby zobaczyć predykcję.",
        "Draw or upload an image to see the prediction.",
    ),
    "cnn_class": ("Kształt", "Shape"),
    "cnn_size": ("Rozmiar", "Size"),
    "cnn_rotation": ("Obrót (°)", "Rotation (°)"),
    "cnn_noise": ("Szum", "Noise"),
    "cnn_input": ("Wejście sieci 30×30", "Network input 30×30"),
    "cnn_top": ("Najbardziej prawdopodobna klasa", "Top class"),
    "cnn_maps": (
        "Mapy cech pierwszej warstwy: przed i po {name} (niebieski < 0 < czerwony)",
        "First-layer feature maps: before and after {name} (blue < 0 < red)",
    ),
    "cnn_channels": ("Kanały (maks. 4)", "Channels (up to 4)"),
    "cnn_channels_auto": (
        "automatycznie: najbardziej zmienione przez aktywację",
        "automatic: the ones the activation changes most",
    ),
    "cnn_channel": ("kanał {c}", "channel {c}"),
    "before": ("przed", "before"),
    "after": ("po", "after"),
    "cnn_training": (
        "Krzywe uczenia dla każdej aktywacji warstwy ukrytej",
        "Training curves for each hidden activation",
    ),
    "train": ("trening", "training"),
    "validation": ("walidacja", "validation"),
    "accuracy_short": ("trafność", "accuracy"),
    "image_too_large": ("Plik jest większy niż {mb} MB.", "The file is larger than {mb} MB."),
    "image_too_many_pixels": (
        "Obraz ma za dużo pikseli (najwyżej {side} × {side}).",
        "The image has too many pixels (at most {side} × {side}).",
    ),
    "image_not_image": ("To nie jest obraz, który da się odczytać.", "This is not a readable image."),
    "image_empty": ("Obraz jest pusty.", "The image is empty."),
    "image_bad_array": ("Nieobsługiwany kształt obrazu.", "Unsupported image shape."),
    "temperature": ("Temperatura T", "Temperature T"),
    # XOR
    "xor_title": ("Po co nieliniowość: XOR", "Why non-linearity: XOR"),
    "xor_intro": (
        "Sieć 2 → ukryta → 1 uczy się XOR na czterech punktach, raz z liniową warstwą ukrytą, raz z "
        "wybraną aktywacją. Bez aktywacji cała sieć jest jedną funkcją liniową, a żadna prosta nie "
        "oddziela XOR: najwyżej 3 z 4 punktów (75%).",
        "A 2 → hidden → 1 network learns XOR on four points, once with a linear hidden layer, once with "
        "the chosen activation. Without an activation the whole network is one linear function, and no "
        "line separates XOR: at most 3 of 4 points (75%).",
    ),
    "hidden_activation": ("Aktywacja warstwy ukrytej", "Hidden activation"),
    "hidden_units": ("Neurony ukryte", "Hidden units"),
    "epochs": ("Epoki", "Epochs"),
    "learning_rate": ("Współczynnik uczenia", "Learning rate"),
    "seed": ("Ziarno losowania", "Random seed"),
    "linear_hidden": ("bez aktywacji (liniowa)", "no activation (linear)"),
    "accuracy": ("Trafność: {name}", "Accuracy: {name}"),
    "epoch": ("epoka", "epoch"),
    "loss": ("strata", "loss"),
    "xor_reading": (
        "Liniowa sieć: **{linear}** (więcej niż 75% jest niemożliwe), z aktywacją: **{other}**.",
        "Linear network: **{linear}** (more than 75% is impossible), with the activation: **{other}**.",
    ),
    # dead ReLU
    "dead_title": ("Martwe neurony ReLU", "Dead ReLU units"),
    "dead_intro": (
        "Sieć 8 → 64 → 1 uczona spadkiem gradientu. Neuron jest martwy, gdy dla żadnego przykładu "
        "nie daje wartości > 0: ReLU przekazuje wtedy zerowy gradient i neuron już nie wraca. "
        "Leaky ReLU zostawia nachylenie α, więc gradient wciąż płynie.",
        "An 8 → 64 → 1 network trained by gradient descent. A unit is dead when no example makes it "
        "> 0: ReLU then passes a zero gradient and the unit never comes back. Leaky ReLU keeps a slope "
        "α, so the gradient still flows.",
    ),
    "sweep": ("Zmieniaj", "Sweep"),
    "sweep_lr": ("współczynnik uczenia", "learning rate"),
    "sweep_bias_init": ("początkowe obciążenie (bias)", "initial bias"),
    "leaky_slope": ("Nachylenie Leaky ReLU α", "Leaky ReLU slope α"),
    "bias_init": ("Początkowe obciążenie (bias)", "Initial bias"),
    "dead_fraction": ("odsetek martwych neuronów", "fraction of dead units"),
    "dead_reading": (
        "Najgorszy przypadek: ReLU **{relu}** martwych neuronów, Leaky ReLU **{leaky}**.",
        "Worst case: ReLU **{relu}** dead units, Leaky ReLU **{leaky}**.",
    ),
    # demo blocks
    "demo_fallback": (
        "To demo nie obsługuje funkcji {name}; pokazuję je dla: {fallback}.",
        "This demo does not support {name}; it is shown for {fallback}.",
    ),
    "demo_unknown": (
        "Tu miało być demo „{name}”, ale takiego nie ma (dostępne: {known}).",
        "A demo “{name}” was meant to be here, but there is no such demo (available: {known}).",
    ),
    "demo_open": (
        "Uruchom demo „{title}” (strona sama uruchamia najwyżej {demos})",
        "Run the demo “{title}” (a page starts at most {demos} by itself)",
    ),
    "demo_paused": (
        "Uruchom to demo (strona liczyła już dema przez {seconds} s i resztę zostawia na Twoje życzenie)",
        "Run this demo (the page has computed demos for {seconds} s already and leaves the rest to you)",
    ),
    "n_demos": ("demonstrację|demonstracje|demonstracji", "live demo|live demos"),
}
