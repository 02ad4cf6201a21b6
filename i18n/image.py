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
    "image.view.live": {"en": "Explore live", "ko": "실시간 탐색"},
    "image.live.caption": {
        "en": "Hover a patch of the picture: it becomes the query and every head of the layer redraws its map, in "
              "your browser. Hover a head's map to read the exact weight; click a patch to keep it as the query of "
              "the other views.",
        "ko": "그림의 패치 위에 마우스를 올리면 그 패치가 쿼리가 되고, 이 층의 모든 헤드가 브라우저에서 바로 다시 "
              "그려집니다. 헤드 그림 위에 올리면 정확한 가중치가 보이고, 패치를 누르면 다른 보기의 쿼리로 정해집니다.",
    },
    "image.live.picker": {"en": "Query: hover a patch", "ko": "쿼리: 패치 위에 마우스를 올리세요"},
    "image.live.rollout": {"en": "Rollout, [CLS] row", "ko": "롤아웃, [CLS] 행"},
    "image.live.rollout_layer": {"en": "Rollout after layer", "ko": "롤아웃: 층"},
    "image.live.readout_rollout": {"en": "rollout after L{layer}: [CLS] → {key}: {value}",
                                   "ko": "층 {layer}까지의 롤아웃: [CLS] → {key}: {value}"},
    "image.live.hint": {"en": "Hover a head's map to read its weights.",
                        "ko": "헤드 그림 위에 마우스를 올리면 가중치가 보입니다."},
    "image.view.overview": {"en": "All layers", "ko": "전체 층"},
    "image.view.rollout": {"en": "Rollout", "ko": "롤아웃"},
    "image.view.pipeline": {"en": "Pipeline", "ko": "입력 과정"},
    "image.view.inspector": {"en": "Step by step", "ko": "연산 들여다보기"},
    "image.view.finder": {"en": "Head finder", "ko": "헤드 찾기"},
    "image.heads.caption": {
        "en": "Where {query} looks in layer {layer}, one panel per head. Click a patch to make it the query.",
        "ko": "층 {layer}에서 {query}이(가) 어디를 보는지 헤드마다 보여 줍니다. 패치를 클릭하면 그 패치가 쿼리가 "
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
        "en": "**2. Flatten: x_p**. Each {p}×{p}×3 patch (3 = the red, green and blue channels) becomes one row of "
        "{p}·{p}·3 = {numbers} numbers: its pixels row by row, R, G, B for each. The values are the pixels scaled to "
        "0–1 and normalised with the model's per-channel mean and standard deviation, exactly what the model reads. "
        "The first three patches:",
        "ko": "**2. 펼치기: x_p**. {p}×{p}×3 패치(3 = 빨강, 초록, 파랑 채널) 하나가 {p}·{p}·3 = {numbers}개의 "
        "숫자로 된 행 하나가 됩니다. 픽셀을 한 줄씩, 픽셀마다 R, G, B 순서로 늘어놓습니다. 값은 픽셀을 0–1로 바꾼 뒤 "
        "모델의 채널별 평균과 표준편차로 정규화한 것으로, 모델이 실제로 읽는 숫자입니다. 처음 세 패치:",
    },
    "image.pipeline.embed": {
        "en": "**3. Patch embedding: x_p·E + b**. One learned linear map E ({numbers} × {c}) and bias b turn every "
        "patch's row into {c} numbers, the same map for all {patches} patches (timm computes it as a {p}×{p} "
        "convolution with stride {p}: the same numbers). Nothing about position is in these rows yet.",
        "ko": "**3. 패치 임베딩: x_p·E + b**. 학습된 선형 변환 E({numbers} × {c})와 편향 b가 패치마다 행을 {c}개의 "
        "숫자로 바꿉니다. 패치 {patches}개 모두 같은 변환을 씁니다(timm은 이를 보폭 {p}의 {p}×{p} 합성곱으로 "
        "계산하며, 숫자는 똑같습니다). 이 행들에는 아직 위치 정보가 없습니다.",
    },
    "image.pipeline.cls": {
        "en": "**4. [CLS]**: a learnable vector of {c} numbers, trained with the model and the same for every image. "
        "It belongs to no patch, so through attention it can gather from the whole image; after the last block the "
        "classifier reads only this token. It is put in front of the patches ({prefix} token(s) before them in "
        "all).",
        "ko": "**4. [CLS]**: 모델과 함께 학습되는 {c}개짜리 벡터로, 모든 이미지에 똑같이 쓰입니다. 어느 패치에도 "
        "속하지 않아서 어텐션으로 이미지 전체의 정보를 모을 수 있고, 마지막 블록 뒤에서 분류기는 이 토큰만 "
        "읽습니다. 패치들 맨 앞에 붙습니다(패치 앞 토큰 모두 {prefix}개).",
    },
    "image.pipeline.positions": {
        "en": "**5. Position embeddings E_pos**: one learned vector per position ({rows} × {c}), added to each token, "
        "so the model can tell where a patch came from. The sum is the first block's input z₀ ({n} × {c}):",
        "ko": "**5. 위치 임베딩 E_pos**: 위치마다 학습된 벡터 하나({rows} × {c})를 각 토큰에 더해, 모델이 패치가 "
        "어디서 왔는지 알 수 있게 합니다. 더한 결과가 첫 블록의 입력 z₀({n} × {c})입니다.",
    },
    "image.pipeline.pos": {
        "en": "**Position embeddings, compared**: tile (r, c) shows how similar patch (r, c)'s learned position is to "
        "every other patch's. The model learned the 2-D layout on its own.",
        "ko": "**위치 임베딩 비교**: (r, c) 칸은 패치 (r, c)의 위치 임베딩이 다른 모든 패치와 얼마나 비슷한지 보여 "
        "줍니다. "
        "모델이 2차원 배치를 스스로 배웠습니다.",
    },
    "image.finder.key": {"en": "Key patch (or click the picture)", "ko": "키 패치 (또는 그림을 클릭)"},
    "image.finder.picture": {
        "en": "Where the best head sends {query}'s attention. Click a patch to make it the key.",
        "ko": "가장 높은 헤드가 {query}의 어텐션을 보내는 곳입니다. 패치를 클릭하면 그 패치가 키가 됩니다.",
    },
    "inspector.loss.name": {"en": "head → loss", "ko": "분류 헤드 → 손실"},
    "inspector.loss.formula": {
        "en": r"z = \mathrm{LayerNorm}(h_L^{[\mathrm{CLS}]}),\quad \mathrm{logits} = zW + b,\quad "
        r"p = \mathrm{softmax}(\mathrm{logits}),\quad \mathcal{L} = -\log p_y",
        "ko": r"z = \mathrm{LayerNorm}(h_L^{[\mathrm{CLS}]}),\quad \mathrm{logits} = zW + b,\quad "
        r"p = \mathrm{softmax}(\mathrm{logits}),\quad \mathcal{L} = -\log p_y",
    },
    "inspector.loss.says": {
        "en": "After the last block the classifier reads only [CLS]: a final LayerNorm, one linear map to a score "
        "(logit) per class, a softmax to probabilities, and the cross-entropy loss for the true label y, the number "
        "training makes small. Pick a label to see its loss.",
        "ko": "마지막 블록 뒤에서 분류기는 [CLS]만 읽습니다. 마지막 LayerNorm, 클래스마다 점수(로짓) 하나를 내는 "
        "선형 변환, 확률로 바꾸는 소프트맥스, 그리고 정답 레이블 y의 교차 엔트로피 손실이 이어집니다. 학습은 이 "
        "손실을 줄입니다. 레이블을 골라 손실을 확인해 보세요.",
    },
    "inspector.loss.shape": {
        "en": "[CLS]: {c} numbers → one logit per class", "ko": "[CLS]: 숫자 {c}개 → 클래스마다 로짓 하나",
    },
    "inspector.loss.label": {"en": "True label y", "ko": "정답 레이블 y"},
    "inspector.loss.vectors": {
        "en": "[CLS] before and after the final LayerNorm", "ko": "마지막 LayerNorm 전후의 [CLS]",
    },
    "inspector.loss.final": {"en": "h_L [CLS]", "ko": "h_L [CLS]"},
    "inspector.loss.normed": {"en": "LayerNorm", "ko": "LayerNorm"},
    "inspector.loss.distilled": {
        "en": "This DeiT has two heads, one on [CLS] and one on [DIST]; its logits are the mean of the two.",
        "ko": "이 DeiT에는 [CLS]와 [DIST] 각각에 헤드가 하나씩 있고, 로짓은 둘의 평균입니다.",
    },
    "inspector.loss.class": {"en": "class", "ko": "클래스"},
    "inspector.loss.logit": {"en": "logit", "ko": "로짓"},
    "inspector.loss.prob": {"en": "probability", "ko": "확률"},
    "inspector.loss.value": {
        "en": "Loss for y = **{label}**: −log p = −log({p}) = **{loss}**. (The predicted class, **{best}**, gives "
        "{best_loss}.)",
        "ko": "y = **{label}**일 때 손실: −log p = −log({p}) = **{loss}**. (예측한 클래스 **{best}**이면 "
        "{best_loss}입니다.)",
    },
    "image.domain.no_class": {
        "en": "The model sees none of its eight shapes here (its answer is spread almost evenly; "
              "top {probability}). It knows only drawn shapes, so its attention on this picture may not be "
              "meaningful.",
        "ko": "모델이 이 그림에서 자기가 아는 여덟 도형을 찾지 못했습니다 "
              "(답이 거의 고르게 퍼져 있고, 가장 높은 확률은 {probability}). "
              "이 모델은 그려진 도형만 알기 때문에, 이 그림에서 보이는 어텐션은 의미가 없을 수 있습니다.",
    },
    "image.domain.unsure": {
        "en": "The model is unsure: {first} {p1} or {second} {p2}. It knows only drawn shapes; on pictures unlike "
              "them its attention may not be meaningful.",
        "ko": "모델이 확신하지 못합니다: {first} {p1} 또는 {second} {p2}. 이 모델은 그려진 도형만 알기 때문에, "
              "그와 다른 그림에서는 어텐션이 의미가 없을 수 있습니다.",
    },
}
