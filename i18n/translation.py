"""UI text of the Translation page, and of the translator's notices ("notice.translate_*").

The notices' "en" text is exactly the message model/translate/run.py writes, as in i18n/errors.py,
so the English page reads the same with or without this table.
"""

from i18n.glossary import both

_SCORE_FORMULAS = {
    "additive": r"e_{t,i} = v^\top \tanh(W_s\, s_t + W_h\, h_i)",
    "dot": r"e_{t,i} = s_t^\top h_i = \sum_k s_{t,k}\, h_{i,k}",
    "general": r"e_{t,i} = s_t^\top W h_i",
    "cosine": r"e_{t,i} = \tau \cdot \frac{s_t \cdot h_i}{\lVert s_t \rVert\, \lVert h_i \rVert}",
}

TEXT: dict[str, dict[str, str]] = {
    "nav.translation": {"en": "Translation", "ko": "번역"},
    "translation.title": {"en": "Attention in a translator", "ko": "번역기 속의 어텐션"},
    "translation.subtitle": {
        "en": "Small Korean ↔ English translators, trained for this app and bundled with it (offline). Watch the "
        "decoder write one word at a time, see which source words each step reads, and pick a word yourself.",
        "ko": "이 앱을 위해 학습해서 함께 넣어 둔 작은 한국어 ↔ 영어 번역기입니다(오프라인). 디코더가 한 단어씩 쓰는 "
        "과정과 각 단계가 어느 원문 단어를 읽는지 살펴보고, 다음 단어를 직접 골라 보세요.",
    },
    "translation.direction": {"en": "Direction", "ko": "번역 방향"},
    "translation.direction.ko-en": {"en": "한국어 → English", "ko": "한국어 → 영어"},
    "translation.direction.en-ko": {"en": "English → 한국어", "ko": "영어 → 한국어"},
    "translation.kind": {"en": "Model", "ko": "모델"},
    "translation.kind.none": {"en": "no attention (bottleneck)", "ko": "어텐션 없음 (병목)"},
    "translation.kind.additive": {"en": "additive (Bahdanau)", "ko": "덧셈 점수 (Bahdanau)"},
    "translation.kind.dot": {"en": "dot (Luong)", "ko": "내적 점수 (Luong)"},
    "translation.kind.general": {"en": "general (Luong)", "ko": "일반형 점수 (Luong)"},
    "translation.kind.cosine": {"en": "cosine", "ko": "코사인 점수"},
    "translation.kind.transformer": {"en": "Transformer", "ko": "트랜스포머"},
    "translation.no_models": {
        "en": "No translation model is bundled yet. Train them with `make train`, then reload this page.",
        "ko": "아직 들어 있는 번역 모델이 없습니다. `make train`으로 학습한 뒤 이 페이지를 새로 고쳐 주세요.",
    },
    "translation.preset": {"en": "Example sentences", "ko": "예문"},
    "translation.random": {"en": "Random sentence", "ko": "무작위 문장"},
    "translation.input": {"en": "Sentence to translate", "ko": "번역할 문장"},
    "translation.working": {"en": "Translating…", "ko": "번역하는 중…"},
    "translation.working_other": {"en": "Translating with {kind}…", "ko": "{kind} 모델로 번역하는 중…"},
    "translation.source_tokens": {"en": "**Source, {n} tokens:**", "ko": "**원문 토큰 {n}개:**"},
    "translation.output_tokens": {"en": "**Output, {n} steps:**", "ko": "**출력 {n}단계:**"},
    "translation.model_facts": {
        "en": "{model} ({kind}): {parameters} parameters; {vocab} source and {target_vocab} target tokens.",
        "ko": "{model} ({kind}): 파라미터 {parameters}개, 원문 토큰 {vocab}개, 번역문 토큰 {target_vocab}개.",
    },
    "translation.picked": {
        "en": "✋ You picked the word at step {steps}; the steps after it are the model's, continuing from your word.",
        "ko": "✋ {steps}단계의 단어는 직접 고른 것입니다. 그 뒤 단계는 고른 단어에 이어서 모델이 썼습니다.",
    },
    "translation.vocab.title": {
        "en": "The words this model knows ({n} source words)",
        "ko": "이 모델이 아는 단어 (원문 단어 {n}개)",
    },
    "translation.vocab.says": {
        "en": "The models learned a small grammar, not a whole language: a word outside this list is read as "
        "`<unk>`. Korean particles are split from their nouns (학생입니다 → 학생 + 입니다).",
        "ko": "모델은 언어 전체가 아니라 작은 문법만 배웠습니다. 이 목록에 없는 단어는 `<unk>`로 읽습니다. 한국어 "
        "조사는 명사와 떼어 읽습니다(학생입니다 → 학생 + 입니다).",
    },
    "translation.vocab.source": {"en": "Source language", "ko": "원문 언어"},
    "translation.vocab.target": {"en": "Target language", "ko": "번역문 언어"},
    "translation.export": {"en": "Download this translation (.npz)", "ko": "이 번역 내려받기 (.npz)"},
    "translation.export_help": {
        "en": "Every number of the decode: tokens, logits, and the states and attention of each step (README: "
        "Export format).",
        "ko": "디코딩의 모든 숫자: 토큰, 로짓, 각 단계의 상태와 어텐션 (README의 내보내기 형식 참고).",
    },
    "translation.view.alignment": {"en": "Alignment", "ko": "정렬"},
    "translation.view.stepper": {"en": "Step by step", "ko": "한 단계씩"},
    "translation.view.bottleneck": {"en": "Bottleneck", "ko": "병목"},
    "translation.view.transformer": {"en": "Transformer", "ko": "트랜스포머"},
    "translation.view.costs": {"en": "RNN vs Transformer", "ko": "RNN과 트랜스포머"},
    "translation.axis.output": {"en": "output word", "ko": "출력 단어"},
    "translation.axis.source": {"en": "source word", "ko": "원문 단어"},
    "translation.axis.query": both("query"),
    "translation.axis.key": both("key"),
    # --- alignment ----------------------------------------------------------------------------
    "translation.alignment.title": {"en": "Alignment matrix", "ko": "정렬 행렬"},
    "translation.alignment.says": {
        "en": "Row t is α_t: how the decoder spread its attention over the source words while writing output word t. "
        "Korean puts the verb last, so the bright cells leave the diagonal.",
        "ko": "t번째 행은 α_t, 곧 디코더가 t번째 출력 단어를 쓰는 동안 원문 단어들에 어텐션을 어떻게 나눴는지입니다. "
        "한국어는 동사가 끝에 오므로 밝은 칸이 대각선을 벗어납니다.",
    },
    "translation.alignment.none": {
        "en": "This model has no attention, so there is no alignment to draw: the decoder never looks back at the "
        "source words, only at s₀, one vector of numbers the encoder squeezed the whole sentence into. Beside it, "
        "the same sentence through the four attention models.",
        "ko": "이 모델에는 어텐션이 없어서 그릴 정렬이 없습니다. 디코더는 원문 단어를 다시 보지 않고, 인코더가 문장 "
        "전체를 눌러 담은 벡터 하나 s₀만 봅니다. 옆에는 같은 문장을 네 가지 어텐션 모델로 번역한 결과가 있습니다.",
    },
    "translation.alignment.transformer": {
        "en": "The Transformer's alignment: its last cross-attention layer, averaged over the heads. The Transformer "
        "view has every layer and head.",
        "ko": "트랜스포머의 정렬: 마지막 교차 어텐션 층을 헤드 평균한 것입니다. 모든 층과 헤드는 트랜스포머 보기에 "
        "있습니다.",
    },
    "translation.scores.title": {"en": "Score functions side by side", "ko": "점수 함수 나란히 보기"},
    "translation.scores.says": {
        "en": "The same sentence through the four attention models, each decoding on its own (your picked words "
        "are not applied here). Only the score function differs.",
        "ko": "같은 문장을 네 가지 어텐션 모델로 각자 번역한 결과입니다(직접 고른 단어는 여기 적용되지 않습니다). "
        "점수 함수만 다릅니다.",
    },
    "translation.scores.missing": {
        "en": "No attention model is bundled for this direction yet.",
        "ko": "이 방향의 어텐션 모델이 아직 없습니다.",
    },
    # --- stepper -------------------------------------------------------------------------------
    "translation.back": {"en": "◀ Back", "ko": "◀ 이전"},
    "translation.next": {"en": "Next ▶", "ko": "다음 ▶"},
    "translation.step": {"en": "Output step", "ko": "출력 단계"},
    "translation.more": {"en": " ({n} more)", "ko": " (나머지 {n}개)"},
    "translation.stepper.io": {
        "en": "**Step {step} of {total}:** the decoder is fed `` {input} `` and writes `` {output} ``.",
        "ko": "**{total}단계 중 {step}단계:** 디코더가 `` {input} ``을(를) 받아 `` {output} ``을(를) 씁니다.",
    },
    "translation.stepper.state": {"en": "Decoder state s_{step}", "ko": "디코더 상태 s_{step}"},
    "translation.stepper.s0": {
        "en": "s_0: the whole input (a sentence, or a picture's regions), as the encoder hands it over",
        "ko": "s_0: 인코더가 넘겨준 입력 전체(문장, 또는 그림의 영역들)",
    },
    "translation.stepper.none": {
        "en": "This model has no attention: no scores, no weights, no context. Each step's only input is its state "
        "s_t, which grew from s₀ alone; the longer the sentence, the less of it fits there.",
        "ko": "이 모델에는 어텐션이 없습니다. 점수도, 가중치도, 문맥 벡터도 없습니다. 각 단계가 받는 것은 상태 s_t "
        "뿐이고, 그 상태는 s₀ 하나에서 자라납니다. 문장이 길수록 거기에 담기는 몫이 줄어듭니다.",
    },
    "translation.stepper.transformer": {
        "en": "The Transformer keeps no single decoder state to score against: below is what step t reads from the "
        "source in its last cross-attention layer, averaged over the heads. The Transformer view shows every "
        "layer and head, with Q, K and V worked out.",
        "ko": "트랜스포머에는 점수를 매길 단일한 디코더 상태가 없습니다. 아래는 t단계가 마지막 교차 어텐션 층에서 "
        "원문을 읽는 정도를 헤드 평균한 것입니다. 모든 층과 헤드, Q·K·V 계산은 트랜스포머 보기에 있습니다.",
    },
    "translation.stepper.cross_title": {
        "en": "Step {step}: last cross-attention layer, mean of the heads",
        "ko": "{step}단계: 마지막 교차 어텐션 층, 헤드 평균",
    },
    "translation.stepper.score_title": {"en": "1. Score every source word", "ko": "1. 모든 원문 단어에 점수 매기기"},
    "translation.source_word": {"en": "Work out the score of", "ko": "점수를 직접 계산할 원문 단어"},
    "translation.stepper.agree": {
        "en": "e({step}, `` {word} ``) = {value} worked out here in float64; the model computed {model}.",
        "ko": "여기서 float64로 계산한 e({step}, `` {word} ``) = {value}, 모델이 계산한 값은 {model}입니다.",
    },
    "translation.stepper.softmax_title": {"en": "2. Softmax: scores → weights", "ko": "2. 소프트맥스: 점수 → 가중치"},
    "translation.col.source": {"en": "source word", "ko": "원문 단어"},
    "translation.stepper.weights_title": {"en": "α at step {step}", "ko": "{step}단계의 α"},
    "translation.stepper.sum": {
        "en": "Σ exp = {total}; the weights are exp / Σ and sum to {check}.",
        "ko": "Σ exp = {total}. 가중치는 exp / Σ이고 합은 {check}입니다.",
    },
    "translation.stepper.context_title": {"en": "3. Context vector", "ko": "3. 문맥 벡터"},
    "translation.stepper.context_terms": {
        "en": "c_{step} ≈ {terms} + … ({rest} more terms). Summed again here, it differs from the model's c_t by at "
        "most {error}.",
        "ko": "c_{step} ≈ {terms} + … (나머지 {rest}개 항). 여기서 다시 더한 값과 모델의 c_t의 차이는 최대 {error}"
        "입니다.",
    },
    "translation.stepper.output_title": {"en": "Next word", "ko": "다음 단어"},
    "translation.stepper.top_title": {
        "en": "Step {step}: the five likeliest words", "ko": "{step}단계: 가장 그럴듯한 다섯 단어",
    },
    "translation.stepper.chosen": {
        "en": "The decoder takes the likeliest word: `` {word} `` ({p}).",
        "ko": "디코더는 가장 그럴듯한 단어를 고릅니다: `` {word} `` ({p}).",
    },
    "translation.stepper.chosen_forced": {
        "en": "✋ You picked `` {word} `` here (the model gave it {p}).",
        "ko": "✋ 여기서는 `` {word} ``을(를) 직접 골랐습니다(모델이 준 확률 {p}).",
    },
    "translation.pick.title": {"en": "Pick the word yourself", "ko": "단어 직접 고르기"},
    "translation.pick.says": {
        "en": "Put another word at this step: the decoder continues from it, and the attention of every later step "
        "changes with it. The likeliest words come first.",
        "ko": "이 단계에 다른 단어를 넣어 보세요. 디코더가 그 단어에 이어서 쓰고, 이후 모든 단계의 어텐션도 함께 "
        "바뀝니다. 그럴듯한 단어부터 나옵니다.",
    },
    "translation.pick.label": {"en": "Word at step {step}", "ko": "{step}단계의 단어"},
    "translation.pick.apply": {"en": "Use this word", "ko": "이 단어 쓰기"},
    "translation.pick.reset": {"en": "Undo my picks", "ko": "고른 단어 취소"},
    # --- bottleneck ----------------------------------------------------------------------------
    "translation.bottleneck.says": {
        "en": "Without attention the encoder must squeeze the whole sentence into one vector s₀ of a fixed size. "
        "Short sentences fit; long ones do not. With attention the decoder reads every source word again at each "
        "step, so length hurts far less. Each model was scored on sentences it never saw.",
        "ko": "어텐션이 없으면 인코더가 문장 전체를 크기가 정해진 벡터 s₀ 하나에 눌러 담아야 합니다. 짧은 문장은 "
        "들어가지만 긴 문장은 들어가지 않습니다. 어텐션이 있으면 디코더가 단계마다 원문 단어를 모두 다시 읽으므로 "
        "길이의 영향이 훨씬 적습니다. 모든 모델은 학습 때 보지 못한 문장으로 평가했습니다.",
    },
    "translation.bottleneck.title": {"en": "Exact match by source length", "ko": "원문 길이별 완전 일치율"},
    "translation.bottleneck.x": {"en": "source length (tokens)", "ko": "원문 길이(토큰)"},
    "translation.bottleneck.y": {"en": "exact match", "ko": "완전 일치율"},
    "translation.bottleneck.beyond": {"en": "longer than any training sentence", "ko": "학습 문장보다 긴 문장"},
    "translation.bottleneck.yours": {
        "en": "Your sentence has {n} tokens; the longest training sentence had {longest}.",
        "ko": "입력한 문장은 {n}토큰이고, 가장 긴 학습 문장은 {longest}토큰이었습니다.",
    },
    "translation.bottleneck.sentences": {"en": "sentences", "ko": "문장"},
    "translation.bottleneck.exact": {"en": "exact match", "ko": "완전 일치율"},
    "translation.bottleneck.long": {"en": "exact match, long sentences", "ko": "긴 문장 완전 일치율"},
    "translation.bottleneck.pointing": {"en": "pointing", "ko": "가리키기 정확도"},
    "translation.bottleneck.columns": {
        "en": "Exact match: the whole translation word for word right, on 1,000 held-out sentences like the "
        "training ones; long sentences: 500 with more relative clauses than any training sentence; pointing: "
        "how often the attention peak, while writing a content word, lies on the source word it translates "
        "(— for the models without per-word attention).",
        "ko": "완전 일치율: 학습 문장과 같은 종류의 처음 보는 문장 1,000개에서 번역 전체가 단어 하나까지 맞은 비율. "
        "긴 문장: 어떤 학습 문장보다 관계절이 많은 문장 500개. 가리키기 정확도: 내용어를 쓰는 동안 어텐션이 가장 "
        "큰 곳이 그 단어의 원문 대응어인 비율(단어별 어텐션이 없는 모델은 —).",
    },
    "translation.bottleneck.missing": {
        "en": "No evaluated model is bundled for this direction yet.",
        "ko": "이 방향의 평가된 모델이 아직 없습니다.",
    },
    # --- Transformer ---------------------------------------------------------------------------
    "translation.transformer.missing": {
        "en": "The Transformer for this direction is not bundled yet (`make train`).",
        "ko": "이 방향의 트랜스포머 모델이 아직 없습니다(`make train`).",
    },
    "translation.transformer.other": {
        "en": "The Transformer's own translation of this sentence: {text}",
        "ko": "이 문장에 대한 트랜스포머 자체의 번역: {text}",
    },
    "translation.transformer.part": {"en": "Attention", "ko": "어텐션 종류"},
    "translation.part.encoder": {"en": "Encoder self-attention", "ko": "인코더 셀프 어텐션"},
    "translation.part.decoder_self": {"en": "Masked decoder self-attention", "ko": "마스크된 디코더 셀프 어텐션"},
    "translation.part.cross": {"en": "Cross-attention", "ko": "교차 어텐션"},
    "translation.part.encoder.says": {
        "en": "Every source word reads every source word, all at once: one pass per layer, however long the sentence.",
        "ko": "모든 원문 단어가 모든 원문 단어를 한꺼번에 읽습니다. 문장이 아무리 길어도 층마다 한 번이면 됩니다.",
    },
    "translation.part.decoder_self.says": {
        "en": "Each output position reads only itself and the words before it: the shaded cells above the diagonal "
        "are masked (−∞ before the softmax, weight 0), because those words are not written yet.",
        "ko": "각 출력 위치는 자기 자신과 앞 단어만 읽습니다. 대각선 위의 음영 칸은 아직 쓰지 않은 단어라서 "
        "마스크됩니다(소프트맥스 전 −∞, 가중치 0).",
    },
    "translation.part.cross.says": {
        "en": "Queries come from the decoder (the word fed at each step), keys and values from the encoder's output: "
        "the Transformer's version of the alignment.",
        "ko": "쿼리는 디코더(각 단계에 들어온 단어)에서, 키와 밸류는 인코더의 출력에서 옵니다. 트랜스포머판 "
        "정렬입니다.",
    },
    "translation.transformer.rollout": {"en": "Encoder rollout (all layers)", "ko": "인코더 롤아웃 (모든 층)"},
    "translation.transformer.rollout_says": {
        "en": "Rollout multiplies the layers' head-averaged attention (with the residual added), so row i says how "
        "much each source word flows into word i's encoding after every layer.",
        "ko": "롤아웃은 층마다 헤드 평균 어텐션(잔차 연결 포함)을 곱해 나갑니다. 그래서 i번째 행은 모든 층을 지난 뒤 "
        "각 원문 단어가 i번째 단어의 인코딩에 얼마나 흘러드는지를 나타냅니다.",
    },
    "translation.transformer.inspector": {
        "en": "Step by step: Q, K, V → softmax → output, for the chosen layer, head and query",
        "ko": "연산 들여다보기: 선택한 층·헤드·쿼리의 Q, K, V → 소프트맥스 → 출력",
    },
    # --- RNN vs Transformer ----------------------------------------------------------------------
    "translation.costs.says": {
        "en": "Table 1 of “Attention is all you need”, with this sentence's length n and this model's width d put in.",
        "ko": "“Attention is all you need”의 표 1에 이 문장의 길이 n과 이 모델의 차원 d를 넣은 것입니다.",
    },
    "translation.costs.filled": {
        "en": "n = {n} source tokens (`</s>` included), d = {d} ({kind}).",
        "ko": "n = 원문 토큰 {n}개(`</s>` 포함), d = {d} ({kind}).",
    },
    "translation.costs.layer": {"en": "layer", "ko": "층 종류"},
    "translation.costs.per_layer": {"en": "work per layer", "ko": "층당 계산량"},
    "translation.costs.sequential": {"en": "sequential operations", "ko": "순차 연산 수"},
    "translation.costs.path": {"en": "longest path between two words", "ko": "두 단어 사이 최장 경로"},
    "translation.costs.self-attention": {"en": "self-attention", "ko": "셀프 어텐션"},
    "translation.costs.recurrent": {"en": "recurrent", "ko": "순환(RNN)"},
    "translation.costs.convolutional": {"en": "convolutional", "ko": "합성곱"},
    "translation.costs.steps_title": {
        "en": "Steps one after another, for this sentence", "ko": "이 문장에서 차례로 밟은 단계",
    },
    "translation.costs.encoder": {"en": "encoder", "ko": "인코더"},
    "translation.costs.decoder": {"en": "decoder", "ko": "디코더"},
    "translation.costs.total": {"en": "total", "ko": "합계"},
    "translation.costs.explain": {
        "en": "The GRU encoder reads the {m} source tokens one after another: step i needs the state of step i − 1, "
        "so the work cannot be spread over more cores, and word 1 reaches word {m} only through {m} steps of "
        "squeezing. The Transformer's encoder looks at all {m} tokens at once in each layer: one parallel pass, and "
        "any two words are one attention step apart. Both decoders still write one word at a time, since each "
        "word depends on the one before; the Transformer trains fast because, with the reference translation "
        "known, every decoder position is computed at once too (the mask keeps each from seeing ahead).",
        "ko": "GRU 인코더는 원문 토큰 {m}개를 하나씩 차례로 읽습니다. i번째 단계에는 i − 1번째 단계의 상태가 필요해서 "
        "여러 코어에 나눠 계산할 수 없고, 1번째 단어가 {m}번째 단어에 닿으려면 {m}단계를 거치며 압축되어야 합니다. "
        "트랜스포머 인코더는 층마다 토큰 {m}개를 한꺼번에 봅니다. 병렬 계산 한 번이면 되고 어떤 두 단어든 어텐션 한 "
        "단계 거리입니다. 다음 단어는 앞 단어에 달려 있으므로 두 디코더 모두 여전히 한 단어씩 씁니다. 다만 정답 "
        "번역을 아는 학습 때는 트랜스포머가 디코더의 모든 위치도 한꺼번에 계산하므로(마스크가 뒤를 보지 못하게 "
        "막습니다) 학습이 빠릅니다.",
    },
    # --- model/translate/run.py notices (looked up by ui.common.message_text) --------------------
    "notice.translate_empty": {
        "en": "Type a sentence to translate.",
        "ko": "번역할 문장을 입력해 주세요.",
    },
    "notice.translate_unknown": {
        "en": "Not in this model's vocabulary: {words}. They are read as <unk>.",
        "ko": "이 모델의 어휘에 없는 단어: {words}. 이 단어들은 <unk>로 읽습니다.",
    },
    "notice.translate_cut": {
        "en": "The sentence has {total} tokens; the first {kept} were kept.",
        "ko": "문장이 {total}토큰이라 처음 {kept}토큰만 사용했습니다.",
    },
}

TEXT |= {f"translation.formula.{kind}": {"en": formula, "ko": formula} for kind, formula in _SCORE_FORMULAS.items()}
