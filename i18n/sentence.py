"""UI text of the Sentence page."""

TEXT: dict[str, dict[str, str]] = {
    "sentence.title": {"en": "Attention in a sentence", "ko": "문장 속의 어텐션"},
    "sentence.subtitle": {
        "en": "Type a sentence: a BERT-family encoder splits it into tokens, and every layer and head decides which "
        "tokens each token reads from.",
        "ko": "문장을 입력해 보세요. BERT 계열 인코더가 문장을 토큰으로 나누고, 모든 층과 헤드가 각 토큰이 어떤 "
        "토큰을 참고할지 정합니다.",
    },
    "sentence.model.bundled": {"en": "all-MiniLM-L6-v2 (bundled, offline)", "ko": "all-MiniLM-L6-v2 (내장, 오프라인)"},
    "sentence.model.korean": {
        "en": "Korean word encoder (bundled Korean → English Transformer, offline)",
        "ko": "한국어 단어 인코더 (내장 한→영 트랜스포머, 오프라인)",
    },
    "sentence.korean_facts": {
        "en": "{model}, its encoder: {layers} layers × {heads} heads, {tokens} tokens (</s> ends the sentence). It "
        "reads Korean as words and particles (학생 + 은), but knows only the words of its training grammar.",
        "ko": "{model}의 인코더: {layers}개 층 × {heads}개 헤드, 토큰 {tokens}개 (</s>가 문장의 끝). 한국어를 단어와 "
        "조사(학생 + 은)로 읽지만, 학습한 문법의 단어만 압니다.",
    },
    "sentence.known_words": {"en": "Words this model knows", "ko": "이 모델이 아는 단어"},
    "sentence.max_tokens": {"en": "Longest input (tokens)", "ko": "최대 입력 길이(토큰)"},
    "sentence.preset": {"en": "Example sentences", "ko": "예문"},
    "sentence.input": {"en": "Your sentence", "ko": "문장 입력"},
    "sentence.model_facts": {
        "en": "{model}: {layers} layers × {heads} heads, {tokens} tokens ([CLS] and [SEP] included).",
        "ko": "{model}: {layers}개 층 × {heads}개 헤드, 토큰 {tokens}개 ([CLS]와 [SEP] 포함).",
    },
    "sentence.tokens": {"en": "**{n} tokens:**", "ko": "**토큰 {n}개:**"},
    "sentence.view.matrix": {"en": "Token × token", "ko": "토큰 × 토큰"},
    "sentence.view.live": {"en": "Explore live", "ko": "실시간 탐색"},
    "sentence.live.caption": {
        "en": "Hover a token on the left: it becomes the query, and the lines and the matrix follow in your browser. "
              "Hover a token on the right or a matrix cell to read the exact weight; click a token on the left to "
              "keep it as the query of the other views.",
        "ko": "왼쪽 토큰 위에 마우스를 올리면 그 토큰이 쿼리가 되고, 연결선과 행렬이 브라우저에서 바로 따라옵니다. "
              "오른쪽 토큰이나 행렬 칸 위에 올리면 정확한 가중치가 보이고, 왼쪽 토큰을 누르면 다른 보기의 쿼리로 "
              "정해집니다.",
    },
    "sentence.live.lines": {"en": "Queries (left) → keys (right)", "ko": "쿼리(왼쪽) → 키(오른쪽)"},
    "sentence.live.matrix": {"en": "Token × token weights (rows: queries)", "ko": "토큰 × 토큰 가중치 (행: 쿼리)"},
    "sentence.live.hint": {"en": "Hover a key or a matrix cell to read its weight.",
                           "ko": "키나 행렬 칸 위에 마우스를 올리면 가중치가 보입니다."},
    "sentence.view.lines": {"en": "Lines", "ko": "연결선"},
    "sentence.view.overview": {"en": "All layers", "ko": "전체 층"},
    "sentence.view.rollout": {"en": "Rollout", "ko": "롤아웃"},
    "sentence.view.inspector": {"en": "Step by step", "ko": "연산 들여다보기"},
    "sentence.view.finder": {"en": "Head finder", "ko": "헤드 찾기"},
    "sentence.only_query": {"en": "Only the chosen query's lines", "ko": "선택한 쿼리의 선만 보기"},
    "sentence.overview.title": {
        "en": "Row of {query} in every layer (down) and head (across)",
        "ko": "모든 층(세로)과 헤드(가로)에서 {query}의 행",
    },
    "sentence.rollout.title": {
        "en": "Rollout: how much each input token flows into {query}",
        "ko": "롤아웃: 각 입력 토큰이 {query}에 얼마나 흘러드는지",
    },
    "sentence.flow.title": {
        "en": "Attention flow into [CLS] (max-flow)",
        "ko": "[CLS]로 들어가는 어텐션 플로(최대 유량)",
    },
    "sentence.finder.key": {"en": "Key token", "ko": "키 토큰"},
    "sentence.preset_found": {
        "en": "Opened on **layer {layer}, head {head}**, found by the head finder: of all {count} heads it gives the "
        "largest weight from “{query}” to “{target}” ({weight}). Other heads look elsewhere: in half of them “{query}” "
        "gives “{target}” less than {median}. Change the layer or head to see, or try the Head finder view.",
        "ko": "**층 {layer}, 헤드 {head}**에서 시작합니다. 헤드 찾기로 찾은 헤드로, {count}개 헤드 가운데 "
        "“{query}”에서 “{target}”로 가는 가중치가 가장 큽니다({weight}). 다른 헤드들은 다른 곳을 봅니다. 절반의 "
        "헤드에서는 “{query}”가 “{target}”에 주는 가중치가 {median}보다 작습니다. 층이나 헤드를 바꿔 보거나 헤드 찾기 "
        "보기를 써 보세요.",
    },
}
