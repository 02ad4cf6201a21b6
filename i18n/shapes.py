"""The bundled shapes model's class names and the sample gallery's titles and notes, in English and Korean.

The one home of this language data. The classes are named by their English names everywhere
else (model/drawing.py, the model card's "classes", the model's own labels); the Image page
shows them through `class_name`. `make samples` (training/gallery.py) writes the titles and
notes in assets/samples/samples.json from the texts here, filled with the model's own answers.
"""

TEXT: dict[str, dict[str, str]] = {
    # The classes of model/drawing.py, keyed by their English names.
    "shape.circle": {"en": "circle", "ko": "원"},
    "shape.square": {"en": "square", "ko": "정사각형"},
    "shape.triangle": {"en": "triangle", "ko": "삼각형"},
    "shape.star": {"en": "star", "ko": "별"},
    "shape.cross": {"en": "cross", "ko": "십자"},
    "shape.ring": {"en": "ring", "ko": "고리"},
    "shape.heart": {"en": "heart", "ko": "하트"},
    "shape.arrow": {"en": "arrow", "ko": "화살표"},
    # Drawn samples: the model's best case for a class, one on a plain background, its most confident mistake.
    "sample.title.shape": {"en": "Shape: {label}", "ko": "도형: {label}"},
    "sample.title.plain": {"en": "Plain background: {label}", "ko": "단색 배경: {label}"},
    "sample.title.mistake": {"en": "A mistake: {label}", "ko": "틀린 예: {label}"},
    "sample.title.handmade": {"en": "Drawn by hand: {label}", "ko": "손으로 그린 그림: {label}"},
    "sample.note.right": {
        "en": "The model says {predicted} ({confidence}); the [CLS] rollout {where}.",
        "ko": "모델의 답: {predicted} ({confidence}). [CLS] 롤아웃이 {where}.",
    },
    "sample.note.mistake": {
        "en": "A mistake: this is {label}, but the model says {answer}; the [CLS] rollout {where}. "
              "Which patches misled it?",
        "ko": "틀린 예: {label}인데 모델은 {answer} 답합니다. [CLS] 롤아웃이 {where}. "
              "어느 패치가 모델을 헷갈리게 했을까요?",
    },
    "sample.where.on": {"en": "peaks on the shape", "ko": "도형 위에서 가장 큽니다"},
    "sample.where.off": {"en": "peaks off the shape", "ko": "도형 밖에서 가장 큽니다"},
    # Photos, keyed by their file name without the extension.
    "sample.title.photo_astronaut": {"en": "Photo: astronaut", "ko": "사진: 우주비행사"},
    "sample.title.photo_chelsea": {"en": "Photo: cat", "ko": "사진: 고양이"},
    "sample.title.photo_coffee": {"en": "Photo: coffee", "ko": "사진: 커피"},
    "sample.title.photo_rocket": {"en": "Photo: rocket launch", "ko": "사진: 로켓 발사"},
    "sample.note.photo": {
        "en": "A real photo: the small bundled model has only seen drawn shapes, so its answer here means nothing. "
              "Pick a pretrained ViT (online) to see attention on photos.",
        "ko": "실제 사진입니다. 내장된 작은 모델은 그려진 도형만 보았으므로 여기서의 답은 의미가 없습니다. "
              "사진의 어텐션을 보려면 사전 학습된 ViT(온라인)를 고르세요.",
    },
}


def class_name(name: str, lang: str) -> str:
    """A shape class's name in `lang` ("en" or "ko"), from its English name; other names come back as they are."""
    texts = TEXT.get(f"shape.{name}")
    return texts[lang] if texts else name


def shape_title(case: str, label: str, lang: str) -> str:
    """A drawn sample's title: `case` is "shape", "plain", "mistake" or "handmade"; `label` the class's English name."""
    return TEXT[f"sample.title.{case}"][lang].format(label=class_name(label, lang))


def shape_note(label: str, predicted: str, confidence: float, on_object: bool, lang: str) -> str:
    """What the model made of a drawn sample of class `label`: its answer, how sure, where the [CLS] rollout peaks."""
    where = TEXT["sample.where.on" if on_object else "sample.where.off"][lang]
    percent = f"{confidence:.0%}"
    if predicted == label:
        return TEXT["sample.note.right"][lang].format(
            predicted=class_name(predicted, lang), confidence=percent, where=where)
    return TEXT["sample.note.mistake"][lang].format(
        label=_with_article(class_name(label, lang), lang), answer=_answer(class_name(predicted, lang), percent, lang),
        where=where)


def photo_title(file: str, lang: str) -> str:
    """A photo sample's title, from its file name ("photo_astronaut.jpg")."""
    return TEXT[f"sample.title.{file.rsplit('.', 1)[0]}"][lang]


def photo_note(lang: str) -> str:
    """The note under every photo sample."""
    return TEXT["sample.note.photo"][lang]


# Grammar the templates cannot say: the English article and the Korean quotative particle.


def _with_article(noun: str, lang: str) -> str:
    """English "an arrow", "a star"; Korean has no article."""
    if lang != "en":
        return noun
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _answer(name: str, percent: str, lang: str) -> str:
    """The model's answer as quoted speech: English "triangle (89%)", Korean "삼각형(89%)이라고"."""
    if lang != "ko":
        return f"{name} ({percent})"
    return f"{name}({percent}){'이라고' if _ends_in_consonant(name) else '라고'}"


def _ends_in_consonant(word: str) -> bool:
    """Does the last Hangul syllable have a final consonant (batchim)? It picks 이라고 over 라고."""
    return (ord(word[-1]) - 0xAC00) % 28 != 0
