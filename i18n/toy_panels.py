"""UI text of the Step-through page's quiz and panels (the cost of attention, why ÷√d_k, what a
hand-made example keeps whole) and the messages model/toy/ raises; merged into i18n/toy.py's table.

The "error.toy_*" and "notice.toy_*" entries are looked up by `ui.common.message_text`; their
"en" text is exactly the back end's message (tests/test_toy_text.py checks that they agree).
"""

TEXT: dict[str, dict[str, str]] = {
    # --- quiz ---------------------------------------------------------------------------------
    "toy.quiz.ask.scores": {
        "en": "Quiz: what is the score of query “{row}” with key “{col}”? (the cell marked ?)",
        "ko": "퀴즈: 쿼리 “{row}”와 키 “{col}”의 점수는 얼마일까요? (? 표시 칸)",
    },
    "toy.quiz.ask.softmax": {
        "en": "Quiz: what is the attention weight of query “{row}” on key “{col}”? (the cell marked ?)",
        "ko": "퀴즈: 쿼리 “{row}”가 키 “{col}”에 주는 어텐션 가중치는 얼마일까요? (? 표시 칸)",
    },
    "toy.quiz.ask.mix": {
        "en": "Quiz: what is channel {col} of the output for “{row}”? (the cell marked ?)",
        "ko": "퀴즈: “{row}”의 출력에서 {col}번 채널 값은 얼마일까요? (? 표시 칸)",
    },
    "toy.quiz.hint.scores": {
        "en": "Hint: multiply the query's row of Q and the key's row of K channel by channel, then add.",
        "ko": "힌트: Q에서 쿼리 행, K에서 키 행을 골라 채널끼리 곱한 뒤 더합니다.",
    },
    "toy.quiz.hint.softmax": {
        "en": "Hint: e^(value − row maximum), divided by the sum of these over the whole row.",
        "ko": "힌트: e^(값 − 행의 최댓값)을 구하고, 행 전체에서 구한 값들의 합으로 나눕니다.",
    },
    "toy.quiz.hint.mix": {
        "en": "Hint: for every key, its weight times that channel of its value row; then add.",
        "ko": "힌트: 키마다 가중치와 밸류 행의 그 채널 값을 곱하고 모두 더합니다.",
    },
    "toy.quiz.answer": {"en": "Your answer", "ko": "내 답"},
    "toy.quiz.check": {"en": "Check", "ko": "채점하기"},
    "toy.quiz.reveal": {"en": "Show the answer", "ko": "정답 보기"},
    "toy.quiz.new": {"en": "New question", "ko": "새 문제"},
    "toy.quiz.right": {
        "en": "Right! {given} is within ±{tolerance} of {answer}. The working is below.",
        "ko": "정답입니다! {given}은(는) 정답 {answer}과(와) ±{tolerance} 이내로 일치합니다. "
        "아래에서 풀이를 확인하세요.",
    },
    "toy.quiz.wrong": {
        "en": "Not quite: {given} is not within ±{tolerance} of the answer. Try again, or show the answer.",
        "ko": "아쉽습니다. {given}은(는) 정답과 ±{tolerance} 넘게 차이 납니다. 다시 풀어 보거나 정답을 확인하세요.",
    },
    "toy.quiz.revealed": {
        "en": "The answer is {answer}. The working is below.",
        "ko": "정답은 {answer}입니다. 아래에서 풀이를 확인하세요.",
    },
    # --- cost ---------------------------------------------------------------------------------
    "toy.cost.title": {"en": "How the cost grows with sequence length", "ko": "시퀀스 길이에 따라 늘어나는 비용"},
    "toy.cost.says": {
        "en": "The attention matrix has n × n entries per head, so its memory grows with n², and Q·Kᵀ and "
        "weights·V take about 4·n²·d FLOPs. The projections grow only with n (8·n·d²), so for short inputs the "
        "width d dominates and for long ones the length n does; they cross at n = 2d = {crossover}.",
        "ko": "어텐션 행렬은 헤드마다 n × n칸이라 메모리가 n²에 비례해 늘고, Q·Kᵀ와 가중치·V 계산에는 약 "
        "4·n²·d FLOPs가 듭니다. Q, K, V, O 선형 변환은 n에만 비례하므로(8·n·d²) 짧은 입력에서는 차원 d가, "
        "긴 입력에서는 길이 n이 비용을 좌우합니다. 두 값은 n = 2d = {crossover}에서 같아집니다.",
    },
    "toy.cost.d": {"en": "Model width d", "ko": "모델 차원 d"},
    "toy.cost.heads": {"en": "Heads", "ko": "헤드 수"},
    "toy.cost.flops": {"en": "FLOPs per layer", "ko": "층 하나의 FLOPs"},
    "toy.cost.memory": {
        "en": "Attention matrices per layer (bytes, float32)",
        "ko": "층 하나의 어텐션 행렬 (바이트, float32)",
    },
    "toy.cost.n": {"en": "sequence length n", "ko": "시퀀스 길이 n"},
    "toy.cost.score_name": {"en": "Q·Kᵀ and weights·V: 4·n²·d", "ko": "Q·Kᵀ와 가중치·V: 4·n²·d"},
    "toy.cost.projection_name": {"en": "Q, K, V, O projections: 8·n·d²", "ko": "Q, K, V, O 선형 변환: 8·n·d²"},
    "toy.cost.row": {
        "en": "{name}: n = {n}, d = {d}: {entries} attention entries per head, {megabytes} MB for its {heads} "
        "heads in one layer, {gflops} GFLOPs for Q·Kᵀ and weights·V.",
        "ko": "{name}: n = {n}, d = {d}: 헤드마다 어텐션 값 {entries}개, 층 하나의 헤드 {heads}개에 {megabytes} MB, "
        "Q·Kᵀ와 가중치·V에 {gflops} GFLOPs.",
    },
    "toy.cost.toy": {"en": "this toy", "ko": "이 예제"},
    "toy.cost.length": {"en": "Sequence length n (table)", "ko": "시퀀스 길이 n (표)"},
    "toy.cost.kernel": {"en": "Kernel width k", "ko": "커널 크기 k"},
    "toy.cost.paper.title": {
        "en": "Self-attention against recurrent and convolutional layers (Vaswani et al. 2017, Table 1)",
        "ko": "셀프 어텐션과 순환 층, 합성곱 층 비교 (Vaswani 외 2017, 표 1)",
    },
    "toy.cost.paper.says": {
        "en": "A self-attention layer costs n²·d against a recurrent layer's n·d², so it is the cheaper of the two "
        "only when n < d (here d = {d}). It needs no sequential steps and links any two positions in one step, "
        "where a recurrent layer needs n of each. A convolution of kernel width k also runs in parallel, but "
        "needs about log_k n stacked layers to link distant positions.",
        "ko": "셀프 어텐션 층의 계산량은 n²·d, 순환 층은 n·d²이므로 셀프 어텐션은 n < d일 때에만(여기서는 d = {d}) "
        "더 쌉니다. 대신 셀프 어텐션은 순차 연산이 필요 없고 어떤 두 위치든 한 번에 잇지만, 순환 층은 둘 다 "
        "n번이 필요합니다. 커널 크기 k인 합성곱도 병렬로 계산되지만, 멀리 떨어진 위치를 잇는 데 층을 약 "
        "log_k n개 쌓아야 합니다.",
    },
    "toy.cost.paper.layer": {"en": "layer", "ko": "층 종류"},
    "toy.cost.paper.per_layer": {"en": "complexity per layer", "ko": "층당 계산량"},
    "toy.cost.paper.sequential": {"en": "sequential operations", "ko": "순차 연산 수"},
    "toy.cost.paper.path": {"en": "maximum path length", "ko": "최대 경로 길이"},
    "toy.cost.paper.self-attention": {"en": "self-attention", "ko": "셀프 어텐션"},
    "toy.cost.paper.recurrent": {"en": "recurrent", "ko": "순환"},
    "toy.cost.paper.convolutional": {"en": "convolutional", "ko": "합성곱"},
    "toy.cost.paper.filled": {
        "en": "Filled in with n = {n}, d = {d} and k = {k}; O(·) leaves out constant factors.",
        "ko": "n = {n}, d = {d}, k = {k}를 넣은 값입니다. O(·)는 상수배를 뺀 크기입니다.",
    },
    "toy.cost.paper.figure": {
        "en": "Complexity per layer against sequence length", "ko": "시퀀스 길이에 따른 층당 계산량",
    },
    "toy.cost.paper.crossing": {
        "en": " n = d = {d}: shorter inputs make self-attention the cheaper",
        "ko": " n = d = {d}: 이보다 짧으면 셀프 어텐션이 더 쌈",
    },
    # --- why ÷√d_k ----------------------------------------------------------------------------
    "toy.why.title": {
        "en": "Why divide by √d_k? Try it with random vectors", "ko": "왜 √d_k로 나눌까요? 무작위 벡터로 확인하기",
    },
    "toy.why.says": {
        "en": "Draw queries and keys whose entries are independent, with mean 0 and variance 1. Then "
        "q·k = q₁k₁ + … + q_d_k·k_d_k adds up d_k terms of variance 1, so Var(q·k) = d_k: the wider the head, "
        "the more the scores spread. Dividing by √d_k brings the variance back to 1, since "
        "Var(q·k / √d_k) = d_k / d_k = 1.",
        "ko": "성분이 서로 독립이고 평균 0, 분산 1인 쿼리와 키를 뽑아 봅니다. q·k = q₁k₁ + … + q_d_k·k_d_k는 "
        "분산 1인 항 d_k개의 합이므로 Var(q·k) = d_k입니다. 헤드의 차원이 클수록 점수가 넓게 퍼집니다. "
        "√d_k로 나누면 Var(q·k / √d_k) = d_k / d_k = 1이 되어 분산이 다시 1이 됩니다.",
    },
    "toy.why.d_k": {"en": "Head width d_k", "ko": "헤드 차원 d_k"},
    "toy.why.figure": {"en": "q·k of random vectors, d_k = {d_k}", "ko": "무작위 벡터의 q·k, d_k = {d_k}"},
    "toy.why.raw": {"en": "q·k (before)", "ko": "q·k (나누기 전)"},
    "toy.why.scaled": {"en": "q·k / √d_k (after)", "ko": "q·k / √d_k (나눈 뒤)"},
    "toy.why.value_axis": {"en": "score", "ko": "점수"},
    "toy.why.density_axis": {"en": "density", "ko": "밀도"},
    "toy.why.measured": {
        "en": "Measured here: variance {raw_var} before the division (d_k = {d_k}), {scaled_var} after. "
        "What it does to the softmax: in a row of {keys} such scores the largest weight is {top_raw} on average "
        "before the division (1 would mean one key takes everything: the softmax saturates and the other keys "
        "get almost no gradient) and {top_scaled} after ({even} would be perfectly even).",
        "ko": "여기서 잰 값: 나누기 전 분산 {raw_var}(d_k = {d_k}), 나눈 뒤 {scaled_var}. 소프트맥스에 주는 영향: "
        "이런 점수 {keys}개로 된 한 행에서 가장 큰 가중치가 나누기 전에는 평균 {top_raw}이고(1이면 키 하나가 "
        "모두 가져가는 포화 상태로, 나머지 키에는 기울기가 거의 흐르지 않습니다), 나눈 뒤에는 {top_scaled}입니다"
        "(완전히 고르면 {even}).",
    },
    # --- what a hand-made example keeps whole ---------------------------------------------------
    "toy.hand.whole": {
        "en": "In this variant Q, K, V and every scaled score (score ÷ {divisor}) are whole numbers, so the softmax "
        "needs only whole powers of e: e ≈ 2.718, e⁻¹ ≈ 0.368, e⁻² ≈ 0.135, …",
        "ko": "이 변형에서는 Q, K, V와 스케일링한 점수(점수 ÷ {divisor})가 모두 정수라서, 소프트맥스에는 e의 정수 "
        "거듭제곱만 있으면 됩니다: e ≈ 2.718, e⁻¹ ≈ 0.368, e⁻² ≈ 0.135, …",
    },
    "toy.hand.half": {
        "en": "In this variant Q, K and V are whole numbers and every scaled score (score ÷ {divisor}) is a whole "
        "number or a half, so the softmax needs only powers of √e: e^−0.5 ≈ 0.607, e⁻¹ ≈ 0.368, "
        "e^−1.5 ≈ 0.223, …",
        "ko": "이 변형에서는 Q, K, V가 정수이고 스케일링한 점수(점수 ÷ {divisor})는 모두 정수이거나 0.5 단위라서, "
        "소프트맥스에는 √e의 거듭제곱만 있으면 됩니다: e^−0.5 ≈ 0.607, e⁻¹ ≈ 0.368, e^−1.5 ≈ 0.223, …",
    },
    "toy.hand.decimals": {
        "en": "In this variant Q, K, V and the scaled scores (score ÷ {divisor}) are not all whole numbers or "
        "halves: expect decimals.",
        "ko": "이 변형에서는 Q, K, V와 스케일링한 점수(점수 ÷ {divisor})가 모두 정수나 0.5 단위이지는 않습니다. "
        "소수가 나옵니다.",
    },
    # --- messages from model/toy/ -------------------------------------------------------------
    "error.toy_token_count": {
        "en": "{table} has {count} rows, but the step-through works with 1 to {limit} tokens. Add or delete rows.",
        "ko": "{table}의 행이 {count}개입니다. 단계별 계산은 토큰 1~{limit}개로 할 수 있습니다. "
        "행을 추가하거나 지워 주세요.",
    },
    "error.toy_token_empty": {
        "en": "Row {row} of {table} has no token name: type a word there.",
        "ko": "{table}의 {row}번째 행에 토큰 이름이 없습니다. 단어를 입력해 주세요.",
    },
    "error.toy_token_too_long": {
        "en": "The token name in row {row} of {table} is longer than {limit} characters: shorten it.",
        "ko": "{table}의 {row}번째 행 토큰 이름이 {limit}자보다 깁니다. 줄여 주세요.",
    },
    "error.toy_table_shape": {
        "en": "{table} must have {rows} rows and {cols} columns; fix its size.",
        "ko": "{table}은(는) {rows}행 {cols}열이어야 합니다. 크기를 맞춰 주세요.",
    },
    "error.toy_width": {
        "en": "{name} is {value}, but it must be between 1 and {limit}.",
        "ko": "{name}이(가) {value}입니다. 1에서 {limit} 사이여야 합니다.",
    },
    "error.toy_cell_empty": {
        "en": "Row {row}, column {col} of {table} is empty: type a number there.",
        "ko": "{table}의 {row}행 {col}열이 비어 있습니다. 숫자를 입력해 주세요.",
    },
    "error.toy_cell_not_number": {
        "en": "Row {row}, column {col} of {table} is not a number: type a number such as 0.5 or -2 there.",
        "ko": "{table}의 {row}행 {col}열이 숫자가 아닙니다. 0.5나 -2 같은 숫자를 입력해 주세요.",
    },
    "error.toy_cell_not_finite": {
        "en": "Row {row}, column {col} of {table} is not a finite number (NaN or infinity): "
        "type an ordinary number there.",
        "ko": "{table}의 {row}행 {col}열이 유한한 숫자가 아닙니다(NaN 또는 무한대). 보통의 숫자를 입력해 주세요.",
    },
    "error.toy_cell_too_large": {
        "en": "Row {row}, column {col} of {table} is too large: use numbers between -{limit} and {limit}.",
        "ko": "{table}의 {row}행 {col}열 값이 너무 큽니다. -{limit}에서 {limit} 사이의 숫자를 써 주세요.",
    },
    "error.toy_quiz_not_a_number": {
        "en": "Type your answer as a number, such as 0.25, -1.5 or 1/3.",
        "ko": "답을 0.25, -1.5, 1/3 같은 숫자로 입력해 주세요.",
    },
    "notice.toy_link_setting": {
        "en": "This link's “{name}” setting could not be used here, so the default is shown instead.",
        "ko": "링크의 “{name}” 설정을 여기서 쓸 수 없어 기본값으로 보여 드립니다.",
    },
    "notice.toy_link_numbers": {
        "en": "The edited numbers in this link could not be read (the link may be cut off or changed), "
        "so the preset's own numbers are shown instead.",
        "ko": "링크에 담긴 고친 숫자를 읽을 수 없어(링크가 잘렸거나 바뀐 것 같습니다) "
        "예제의 원래 숫자로 보여 드립니다.",
    },
}
