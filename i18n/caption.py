"""UI text of the Captioning page."""

TEXT: dict[str, dict[str, str]] = {
    "nav.caption": {"en": "Captioning", "ko": "캡션"},
    "caption.title": {"en": "Attention in a captioner", "ko": "캡션 모델 속의 어텐션"},
    "caption.subtitle": {
        "en": "A small captioner, trained for this app and bundled with it (offline): a CNN cuts the picture into a "
        "grid of regions, and a GRU decoder writes the caption one word at a time, looking at the regions "
        "through additive attention. Click a word to see where the decoder looked when it wrote it.",
        "ko": "이 앱을 위해 학습해서 함께 넣어 둔 작은 캡션 모델입니다(오프라인). CNN이 그림을 영역 격자로 나누고, GRU "
        "디코더가 덧셈 어텐션으로 영역들을 보며 캡션을 한 단어씩 씁니다. 단어를 누르면 그 단어를 쓸 때 디코더가 "
        "어디를 보았는지 나옵니다.",
    },
    "caption.lang": {"en": "Caption language", "ko": "캡션 언어"},
    "caption.lang.en": {"en": "English", "ko": "영어"},
    "caption.lang.ko": {"en": "Korean", "ko": "한국어"},
    "caption.kind": {"en": "Model", "ko": "모델"},
    "caption.kind.additive": {"en": "with attention (additive)", "ko": "어텐션 있음 (덧셈 점수)"},
    "caption.kind.none": {"en": "no attention (one vector)", "ko": "어텐션 없음 (벡터 하나)"},
    "caption.no_models": {"en": "No captioner is bundled: run `make train`.",
                          "ko": "함께 넣은 캡션 모델이 없습니다. `make train`을 실행하세요."},
    "caption.source": {"en": "Picture", "ko": "그림"},
    "caption.source.sample": {"en": "Sample scene", "ko": "예시 장면"},
    "caption.source.upload": {"en": "Upload a drawing", "ko": "그림 올리기"},
    "caption.sample": {"en": "Scene", "ko": "장면"},
    "caption.sample_name": {"en": "Scene {n}: {objects} object(s)", "ko": "장면 {n}: 물체 {objects}개"},
    "caption.upload": {"en": "A drawing of shapes (PNG, JPEG, WebP, GIF or BMP)",
                       "ko": "도형 그림 (PNG, JPEG, WebP, GIF, BMP)"},
    "caption.upload_hint": {
        "en": "Draw one to four of the eight shapes in red, yellow, green, blue or white, one in each quarter of "
        "the picture, on a dark background. The picture is squashed to {size}×{size} pixels.",
        "ko": "여덟 도형 중 1~4개를 빨강, 노랑, 초록, 파랑, 하양으로, 그림의 네 구역에 하나씩, 어두운 배경에 "
        "그려 보세요. 그림은 {size}×{size} 픽셀로 줄여집니다.",
    },
    "caption.truth": {"en": "The scene's own caption: {text}", "ko": "장면의 정답 캡션: {text}"},
    "caption.match": {"en": "✅ the model's caption is exactly right", "ko": "✅ 모델의 캡션이 정답과 똑같습니다"},
    "caption.mismatch": {"en": "❌ the model's caption differs", "ko": "❌ 모델의 캡션이 정답과 다릅니다"},
    "caption.working": {"en": "Writing the caption…", "ko": "캡션을 쓰는 중…"},
    "caption.seen": {"en": "What the model sees ({size}×{size}, {grid}×{grid} regions)",
                     "ko": "모델이 보는 그림 ({size}×{size}, {grid}×{grid} 영역)"},
    "caption.word": {"en": "Click a word", "ko": "단어를 누르세요"},
    "caption.word_map": {"en": "“{word}” (step {step})", "ko": "“{word}” ({step}단계)"},
    "caption.live.hint": {
        "en": "Hover a word and its map follows; hover the map for a region's exact weight; click a word to keep it.",
        "ko": "단어에 마우스를 올리면 그 단어의 지도가 나옵니다. 지도 위에서는 영역의 정확한 가중치가 보이고, 단어를 "
              "누르면 그 단어로 고정됩니다.",
    },
    "caption.live.readout": {"en": "“{word}” → region (row {row}, column {col}): {value}",
                             "ko": "“{word}” → 영역 ({row}행, {col}열): {value}"},
    "caption.strip": {"en": "Every word's attention map", "ko": "단어마다의 어텐션 지도"},
    "caption.no_attention": {
        "en": "This model has no attention: its decoder sees the whole image as one vector (its first state), "
        "so there is no map per word. Compare its caption with the attention model's.",
        "ko": "이 모델에는 어텐션이 없습니다. 디코더는 그림 전체를 벡터 하나(첫 상태)로만 보므로 "
        "단어별 지도가 없습니다. 어텐션 모델의 캡션과 비교해 보세요.",
    },
    "caption.compare": {"en": "Compare with the ViT's rollout (loads the bundled ViT)",
                        "ko": "ViT 롤아웃과 비교 (함께 넣은 ViT를 불러옵니다)"},
    "caption.compare_title": {"en": "The captioner for “{word}” beside the ViT's [CLS] rollout",
                              "ko": "“{word}”에 대한 캡션 모델과 ViT의 [CLS] 롤아웃"},
    "caption.compare_says": {
        "en": "Left: where the captioner looked when it wrote the noun. Right: the bundled ViT's attention "
        "rollout (heads averaged) from [CLS] on the same picture; the ViT was trained on one shape per image.",
        "ko": "왼쪽: 캡션 모델이 그 명사를 쓸 때 본 곳. 오른쪽: 같은 그림에서 함께 넣은 ViT의 "
        "[CLS] 어텐션 롤아웃(헤드 평균). ViT는 그림마다 도형 하나로 학습했습니다.",
    },
    "caption.captioner_panel": {"en": "captioner: {word}", "ko": "캡션 모델: {word}"},
    "caption.vit_panel": {"en": "ViT rollout ({label})", "ko": "ViT 롤아웃 ({label})"},
    "caption.no_noun": {"en": "The caption has no shape noun to compare.", "ko": "비교할 도형 명사가 캡션에 없습니다."},
    "caption.stepper": {"en": "Decoding, step by step", "ko": "한 단계씩 디코딩"},
    "caption.stepper_says": {
        "en": "The same stepper as the Translation page: here the “source” is the grid of regions, r3c4 being "
        "row 3, column 4, and h_i is region i's state.",
        "ko": "번역 페이지와 같은 단계 보기입니다. 여기서 “원문”은 영역 격자이며 r3c4는 3행 4열, "
        "h_i는 영역 i의 상태입니다.",
    },
    "caption.export": {"en": "Download the decode (.npz)", "ko": "디코딩 내려받기 (.npz)"},
    "caption.export_help": {
        "en": "The image, region states, every decoder state, score, weight, context and logit, and the tokens.",
        "ko": "그림, 영역 상태, 모든 디코더 상태·점수·가중치·문맥·로짓, 그리고 토큰.",
    },
    "caption.model_facts": {"en": "Model {model}: {parameters} parameters; exact {exact} on fresh scenes.",
                            "ko": "모델 {model}: 매개변수 {parameters}개. 새 장면 정확 일치 {exact}."},
}
