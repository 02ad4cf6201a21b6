"""UI text of the Image page."""

TEXT: dict[str, dict[str, str]] = {
    "image.title": {"en": "Attention in a Vision Transformer", "ko": "비전 트랜스포머의 어텐션"},
    "image.subtitle": {
        "en": "Pick a sample or upload a picture: the model cuts it into patches and every layer and head attends "
        "over them.",
        "ko": "예시를 고르거나 사진을 올려 보세요. 모델이 이미지를 패치로 자르고, 모든 층과 헤드가 그 패치들에 "
        "어텐션을 계산합니다.",
    },
    "image.model.bundled": {"en": "Atlas shapes ViT (bundled, offline)", "ko": "아틀라스 도형 ViT (내장, 오프라인)"},
    "image.model.bundled.about": {
        "en": "A {layers}-layer ViT trained by this repo in {minutes} minutes on drawn shapes ({classes}); "
              "{accuracy} right on fresh ones. It knows nothing about real photos.",
        "ko": "이 저장소가 그려진 도형({classes})으로 {minutes}분 동안 학습한 {layers}층 ViT입니다. "
              "새 도형의 {accuracy}를 맞힙니다. 실제 사진에 대해서는 아무것도 모릅니다.",
    },
    "image.model.local": {"en": "Local weights file…", "ko": "내 가중치 파일…"},
    "image.arch": {"en": "timm architecture", "ko": "timm 아키텍처"},
    "image.weights": {"en": "Weights file", "ko": "가중치 파일"},
    "image.loading_model": {"en": "Loading {model}…", "ko": "{model} 불러오는 중…"},
    "image.source": {"en": "Image", "ko": "이미지"},
    "image.source.sample": {"en": "Samples", "ko": "예시"},
    "image.source.upload": {"en": "Upload", "ko": "업로드"},
    "image.upload": {"en": "PNG, JPEG, WebP, GIF or BMP, up to 20 MB", "ko": "PNG, JPEG, WebP, GIF, BMP (최대 20MB)"},
    "image.upload_hint": {
        "en": "Drop an image above to trace it.",
        "ko": "위에 이미지를 끌어다 놓으면 바로 계산합니다.",
    },
    "image.sample": {"en": "Sample", "ko": "예시 이미지"},
    "image.no_samples": {
        "en": "The sample gallery (assets/samples) is missing; upload an image instead.",
        "ko": "예시 이미지(assets/samples)가 없습니다. 이미지를 직접 올려 주세요.",
    },
    "image.seen": {"en": "What the model sees: {w}×{h} pixels", "ko": "모델이 보는 이미지: {w}×{h} 픽셀"},
    "image.predictions": {"en": "Top-5 predictions", "ko": "상위 5개 예측"},
    "image.predicted": {"en": "The model says **{label}** ({p}).", "ko": "모델의 답: **{label}** ({p})"},
    "image.no_classifier": {
        "en": "This model has no classifier (a backbone): attention only.",
        "ko": "이 모델에는 분류기가 없습니다(백본). 어텐션만 볼 수 있습니다.",
    },
    "image.model_facts": {
        "en": "{model}: {layers} layers × {heads} heads, {tokens} tokens ({prefix} before the patches).",
        "ko": "{model}: {layers}개 층 × {heads}개 헤드, 토큰 {tokens}개 (패치 앞 토큰 {prefix}개).",
    },
    "image.view.heads": {"en": "Heads", "ko": "헤드별"},
    "image.view.overview": {"en": "All layers", "ko": "전체 층"},
    "image.view.rollout": {"en": "Rollout", "ko": "롤아웃"},
    "image.view.pipeline": {"en": "Pipeline", "ko": "입력 과정"},
    "image.view.inspector": {"en": "Step by step", "ko": "단계별 계산"},
    "image.heads.caption": {
        "en": "Where {query} looks in layer {layer}, one panel per head. Click a patch to make it the query.",
        "ko": "{layer}층에서 {query}이(가) 어디를 보는지 헤드마다 보여 줍니다. 패치를 클릭하면 그 패치가 쿼리가 "
        "됩니다.",
    },
    "image.overview.title": {
        "en": "Attention of {query}: layers down, heads across",
        "ko": "{query}의 어텐션: 세로는 층, 가로는 헤드",
    },
    "image.overview.stats": {
        "en": "**Each head in one dot**: how far (in pixels) it looks on average, and how spread out its attention is.",
        "ko": "**헤드 하나가 점 하나**: 평균적으로 몇 픽셀 떨어진 곳을 보는지, 어텐션이 얼마나 퍼져 있는지 보여 "
        "줍니다.",
    },
    "image.rollout.rollout": {"en": "Attention rollout", "ko": "어텐션 롤아웃"},
    "image.rollout.raw": {"en": "Last layer, raw ([CLS], mean of heads)", "ko": "마지막 층 원본 ([CLS], 헤드 평균)"},
    "image.rollout.flow": {"en": "Attention flow", "ko": "어텐션 플로"},
    "image.rollout.grad": {"en": "Gradient rollout: {label}", "ko": "그래디언트 롤아웃: {label}"},
    "image.rollout.scrubber": {
        "en": "**Rollout layer by layer**: drag the slider to watch attention accumulate through the layers.",
        "ko": "**층별 롤아웃**: 슬라이더를 움직이면 층을 거치며 어텐션이 쌓이는 모습을 볼 수 있습니다.",
    },
    "image.pipeline.patches": {
        "en": "**1. Patches**: the image is cut into a {rows}×{cols} grid of {p}×{p} patches: {n} tokens.",
        "ko": "**1. 패치**: 이미지를 {p}×{p} 크기의 패치로 잘라 {rows}×{cols} 격자를 만듭니다. 토큰 {n}개입니다.",
    },
    "image.pipeline.flatten": {
        "en": "**2. Flatten**: each {p}×{p}×3 patch becomes a row of {numbers} numbers (the first three patches "
        "shown).",
        "ko": "**2. 펼치기**: {p}×{p}×3 패치 하나가 숫자 {numbers}개짜리 행이 됩니다(처음 세 패치).",
    },
    "image.pipeline.embed": {
        "en": "**3. Embed**: a linear map turns each row into {c} numbers; the [CLS] token is put in front ({prefix} "
        "prefix tokens in all) and position embeddings are added: an {n}×{c} input.",
        "ko": "**3. 임베딩**: 선형 변환으로 각 행을 {c}개의 숫자로 바꾸고, 맨 앞에 [CLS] 토큰을 붙인 뒤(앞쪽 토큰 "
        "모두 {prefix}개) 위치 임베딩을 더합니다. 입력은 {n}×{c} 행렬입니다.",
    },
    "image.pipeline.pos": {
        "en": "**Position embeddings**: tile (r, c) shows how similar patch (r, c)'s learned position is to every "
        "other patch's. The model learned the 2-D layout on its own.",
        "ko": "**위치 임베딩**: (r, c) 칸은 패치 (r, c)의 위치 임베딩이 다른 모든 패치와 얼마나 비슷한지 보여 줍니다. "
        "모델이 2차원 배치를 스스로 배웠습니다.",
    },
}
