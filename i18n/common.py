"""UI text shared by every page: navigation, language switch, errors, export."""

TEXT = {
    "app.title": {"en": "Attention Atlas", "ko": "어텐션 아틀라스"},
    "app.tagline": {
        "en": "See what self-attention computes, with the real numbers.",
        "ko": "셀프 어텐션이 무엇을 계산하는지 실제 숫자로 살펴봅니다.",
    },
    "nav.image": {"en": "Image", "ko": "이미지"},
    "nav.sentence": {"en": "Sentence", "ko": "문장"},
    "nav.toy": {"en": "Step-through", "ko": "단계별 계산"},
    "nav.about": {"en": "About", "ko": "소개"},
    "lang.label": {"en": "Language", "ko": "언어"},
}
