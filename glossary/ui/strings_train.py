"""The train demo's interface strings (data only; looked up with glossary.ui.i18n.t)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "network": ("Sieć", "Network"),
    "activations": ("Funkcje aktywacji do porównania (do 4)", "Activations to compare (up to 4)"),
    "size": ("Zbiór treningowy", "Training set"),
    "size_small": ("mały ({n} obrazów)", "small ({n} images)"),
    "size_medium": ("średni ({n} obrazów)", "medium ({n} images)"),
    "train_button": ("Trenuj", "Train"),
    "stop": ("Zatrzymaj", "Stop"),
    "pick_one": ("Wybierz co najmniej jedną funkcję aktywacji.", "Pick at least one activation."),
    "plan": (
        "{n} obrazów × {epochs} ep., partie po 64: {steps} kroków Adama na sieć (harmonogram one-cycle, "
        "szczyt η = {lr}). Walidacja: {n_val} obrazów, których żadna sieć nie widziała.",
        "{n} images × {epochs} ep., batches of 64: {steps} Adam steps per network (one-cycle schedule, "
        "peak η = {lr}). Validation: {n_val} images no network has seen.",
    ),
    "samples": ("Przykłady z tego zbioru treningowego", "Examples from this training set"),
    "queued": (
        "W kolejce: jesteś {place}. (na serwerze trenuje się teraz {running}). Trening ruszy sam.",
        "Queued: you are number {place} (trainings running on this server now: {running}). "
        "It starts by itself.",
    ),
    "running": ("Trening: krok {done} z {total}", "Training: step {done} of {total}"),
    "timing": ("{elapsed} s, zostało ok. {left} s", "{elapsed} s, about {left} s left"),
    "timing_start": ("{elapsed} s", "{elapsed} s"),
    "other_instance": (
        "Ta sesja już trenuje sieć w innym demo na tej stronie.",
        "This session is already training in another demo on this page.",
    ),
    "chart_note": (
        "Linie ciągłe: strata i trafność na partiach treningowych (średnie z kolejnych kroków); "
        "przerywane z kropkami: trafność walidacyjna po każdej epoce.",
        "Solid lines: loss and accuracy on the training batches (means of consecutive steps); "
        "dashed with dots: validation accuracy after each epoch.",
    ),
    "stopped_button": (
        "Zatrzymano po {elapsed} s, w kroku {done} z {total} ({latency} s od kliknięcia).",
        "Stopped after {elapsed} s, at step {done} of {total} ({latency} s after the click).",
    ),
    "stopped_queued": ("Wycofano z kolejki.", "Taken out of the queue."),
    "stopped_left": (
        "Trening przerwano, bo strona przestała go śledzić (po {elapsed} s, krok {done} z {total}).",
        "The training was stopped because the page stopped following it "
        "(after {elapsed} s, step {done} of {total}).",
    ),
    "alt": ("Krzywe uczenia: ", "Training curves: "),
    "alt_line": (
        "{name} po {steps} krokach: strata {loss}, trafność na partiach {acc}, walidacja po epokach {val}",
        "{name} after {steps} steps: loss {loss}, batch accuracy {acc}, validation per epoch {val}",
    ),
    "failed": ("Trening się nie powiódł: {error}", "The training failed: {error}"),
    "results": ("Wynik", "Result"),
    "train_col_activation": ("funkcja aktywacji", "activation"),
    "col_now": ("wytrenowana teraz", "trained now"),
    "col_epoch1": ("po 1. epoce", "after epoch 1"),
    "col_shipped": (
        "dostarczona sieć ({epochs} ep., {n} obrazów)",
        "shipped network ({epochs} ep., {n} images)",
    ),
    "held_out_note": (
        "Trafność na {n_val} odłożonych obrazach (tych samych dla wszystkich sieci, także dostarczonych); "
        "trening trwał {seconds} s.",
        "Accuracy on {n_val} held-out images (the same for every network, the shipped ones too); "
        "training took {seconds} s.",
    ),
    "read_one": (
        "{name} po {epochs} ep.: **{acc}** trafności na odłożonych obrazach; dostarczona sieć: {shipped}.",
        "{name} after {epochs} ep.: **{acc}** accuracy on held-out images; the shipped network: {shipped}.",
    ),
    "read_best": (
        "Najlepiej nauczyła się **{best}**: {best_acc} na odłożonych obrazach po {epochs} ep., "
        "o {gap} pkt. proc. więcej niż {worst} ({worst_acc}).",
        "**{best}** learnt best: {best_acc} on held-out images after {epochs} ep., "
        "{gap} percentage points more than {worst} ({worst_acc}).",
    ),
    "read_tie": (
        "{best} i {worst} wypadły niemal tak samo: {best_acc} i {worst_acc} po {epochs} ep.",
        "{best} and {worst} came out almost the same: {best_acc} and {worst_acc} after {epochs} ep.",
    ),
    "read_faster": (
        "Szybciej zbiegała {fast}: już po pierwszej epoce {fast_acc}, a {slow} {slow_acc}.",
        "{fast} converged faster: {fast_acc} after the first epoch, {slow} {slow_acc}.",
    ),
    "read_chance": (
        "{names}: wciąż blisko zgadywania (1 z 6 klas to {chance}).",
        "{names}: still close to guessing (1 in 6 classes is {chance}).",
    ),
    "read_shipped": (
        "Dostarczona sieć {name} ({epochs} ep. na {n} obrazach) ma {shipped}.",
        "The shipped {name} network ({epochs} ep. on {n} images) has {shipped}.",
    ),
    "confusion": (
        "Pomyłki najlepszej ({name}): wiersz = prawdziwa klasa, kolumna = odpowiedź sieci",
        "Confusions of the best ({name}): row = true class, column = the network's answer",
    ),
    "confusion_top": (
        "Najczęstsza pomyłka: {truth} → {guess} ({count} razy).",
        "Most frequent confusion: {truth} → {guess} ({count} times).",
    ),
    "confusion_none": ("Bez pomyłek.", "No confusions."),
    "truth": ("prawda \\ odpowiedź", "true \\ answer"),
    "try": ("Sprawdź wytrenowaną sieć", "Try the trained network"),
    "try_shape": ("Kształt", "Shape"),
    "try_seed": ("Ziarno obrazka", "Picture seed"),
    "try_net": ("Sieć wytrenowana teraz", "Network trained now"),
    "answer_now": ("Sieć wytrenowana teraz ({name})", "Network trained now ({name})"),
    "answer_shipped": (
        "Dostarczona sieć ({name}) odpowiada: {cls} (p = {p}).",
        "The shipped network ({name}) answers: {cls} (p = {p}).",
    ),
    "use_trained": (
        "Używaj w demach CNN sieci wytrenowanej w tej sesji",
        "Use the network trained in this session in the CNN demos",
    ),
    "use_trained_help": (
        "Tylko w tej sesji, nic nie jest zapisywane na dysku. Wyłącz, aby wrócić do dostarczonych wag.",
        "For this session only, nothing is written to disk. Switch off to go back to the shipped weights.",
    ),
    "using_trained": (
        "Predykcja i mapy cech: sieć wytrenowana w tej sesji ({acc} na odłożonych obrazach).",
        "Prediction and feature maps: the network trained in this session ({acc} on held-out images).",
    ),
}
