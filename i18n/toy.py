"""UI text of the Step-through page (ui/toy_page.py and its ui/toy_*.py parts), and the
messages model/toy/ raises.

The "error.toy_*" and "notice.toy_*" entries are looked up by `ui.common.message_text`; their
"en" text is exactly the back end's message (tests/test_toy_text.py checks that they agree).
"""

TEXT: dict[str, dict[str, str]] = {
    # --- page and controls --------------------------------------------------------------------
    "toy.intro": {
        "en": "Compute self-attention once by hand: a small example, one step at a time, with every number. "
        "Edit the numbers, step through with Back and Next, and test yourself in quiz mode.",
        "ko": "셀프 어텐션을 손으로 한 번 계산해 봅니다. 작은 예제를 한 단계씩, 모든 숫자와 함께 살펴봅니다. "
        "숫자를 바꿔 보고, 이전·다음 버튼으로 단계를 넘기고, 퀴즈 모드로 스스로 확인해 보세요.",
    },
    "toy.preset.label": {"en": "Example", "ko": "예제"},
    "toy.preset.student": {"en": "“I am a student” (4-dimensional)", "ko": "“I am a student” (4차원)"},
    "toy.preset.pencil": {"en": "3 tokens for pencil and paper", "ko": "연필로 풀 수 있는 3개 토큰"},
    "toy.preset.it_animal": {"en": "“it” → “animal”", "ko": "“it” → “animal”"},
    "toy.preset.random": {"en": "Random (from a seed)", "ko": "무작위 (시드로 생성)"},
    "toy.preset.student.about": {
        "en": "Four tokens with 4-dimensional embeddings and one decimal per number. The cross-attention "
        "variant reads keys and values from the Korean sentence “나는 학생 입니다”.",
        "ko": "토큰 4개, 4차원 임베딩, 숫자는 모두 소수 한 자리입니다. 크로스 어텐션 변형에서는 키와 밸류를 "
        "한국어 문장 “나는 학생 입니다”에서 가져옵니다.",
    },
    "toy.preset.pencil.about": {
        "en": "Made for pencil and paper: X and the weights are all 0 or 1, so Q, K and V are small whole numbers, "
        "every score is even and d_k = 4, so √d_k = 2 and the scaled scores are whole numbers too. "
        "For the softmax you only need e ≈ 2.718, e⁻¹ ≈ 0.368 and e⁻² ≈ 0.135.",
        "ko": "연필과 종이로 풀도록 만든 예제입니다. X와 가중치가 모두 0 또는 1이라 Q, K, V가 작은 정수이고, "
        "점수는 모두 짝수이며 d_k = 4라서 √d_k = 2, 스케일링한 점수도 정수가 됩니다. "
        "소프트맥스에는 e ≈ 2.718, e⁻¹ ≈ 0.368, e⁻² ≈ 0.135만 있으면 됩니다.",
    },
    "toy.preset.it_animal.about": {
        "en": "Why does “it” attend to “animal”? The four embedding dimensions are hand-made features: "
        "1 = is a noun, 2 = is alive, 3 = is a pronoun, 4 = any other word. W_K is the identity, so each key "
        "simply states its token's features. W_Q turns the pronoun feature of “it” into the question "
        "“alive? (×4) a noun? (×2) not a function word (×−2)”. The dot products give “animal” (noun and alive) "
        "a score of 6, “street” (only a noun) 2, “it” 0 and every other word −2, so after ÷√4 and the softmax "
        "“animal” gets about 78% of the weight. Every other token's query is zero: with nothing to ask, "
        "its weights are all equal (1/8). W_V is the identity too, so the output of “it” carries mostly "
        "the features of “animal”.",
        "ko": "왜 “it”이 “animal”에 주목할까요? 임베딩의 네 차원은 직접 정한 특징입니다. 1 = 명사, 2 = 살아 있음, "
        "3 = 대명사, 4 = 그 밖의 단어. W_K는 단위행렬이라서 각 키는 그 토큰의 특징을 그대로 말해 줍니다. "
        "W_Q는 “it”의 대명사 특징을 “살아 있나? (×4) 명사인가? (×2) 기능어는 아닌가? (×−2)”라는 질문으로 "
        "바꿉니다. 내적을 계산하면 “animal”(명사이고 살아 있음)은 6점, “street”(명사만)는 2점, “it”은 0점, "
        "나머지 단어는 −2점이 되어, ÷√4와 소프트맥스를 거치면 “animal”이 가중치의 약 78%를 가져갑니다. "
        "다른 토큰들의 쿼리는 0이라 물어볼 것이 없으므로 가중치가 모두 같습니다(1/8). W_V도 단위행렬이므로 "
        "“it”의 출력은 대부분 “animal”의 특징을 담게 됩니다.",
    },
    "toy.preset.random.about": {
        "en": "Random numbers with one decimal, drawn from the seed: the same seed and sizes always give the "
        "same example, so a class can share one.",
        "ko": "시드로 뽑은 소수 한 자리 무작위 숫자입니다. 시드와 크기가 같으면 언제나 같은 예제가 나오므로 "
        "반 전체가 같은 예제를 함께 볼 수 있습니다.",
    },
    "toy.variant.label": {"en": "Variant", "ko": "변형"},
    "toy.variant.basic": {"en": "Self-attention", "ko": "셀프 어텐션"},
    "toy.variant.multihead": {"en": "Multi-head", "ko": "멀티헤드 어텐션"},
    "toy.variant.causal": {"en": "Causal (masked)", "ko": "인과적 마스킹 (마스크드 셀프 어텐션)"},
    "toy.variant.cross": {"en": "Cross-attention", "ko": "크로스 어텐션"},
    "toy.variant.positional": {"en": "With positional encoding", "ko": "위치 인코딩 추가"},
    "toy.variant.temperature": {"en": "√d_k and temperature what-if", "ko": "√d_k와 온도 실험"},
    "toy.presenter": {"en": "Presenter mode", "ko": "발표 모드"},
    "toy.presenter.help": {
        "en": "Large type, one step per screen, big Back/Next buttons. The ← and → keys step too.",
        "ko": "큰 글씨, 한 화면에 한 단계, 큰 이전/다음 버튼. ← → 키로도 넘길 수 있습니다.",
    },
    "toy.quiz": {"en": "Quiz mode", "ko": "퀴즈 모드"},
    "toy.quiz.help": {
        "en": "On the score, softmax and weights·V steps one value is hidden: work it out and type it in.",
        "ko": "점수, 소프트맥스, 가중치·V 단계에서 값 하나를 가립니다. 직접 계산해서 입력해 보세요.",
    },
    "toy.random.seed": {"en": "Seed", "ko": "시드"},
    "toy.random.n": {"en": "Tokens n", "ko": "토큰 수 n"},
    "toy.random.d": {"en": "Embedding width d", "ko": "임베딩 차원 d"},
    "toy.random.d_k": {"en": "Query/key width d_k", "ko": "쿼리·키 차원 d_k"},
    "toy.heads": {"en": "Heads h", "ko": "헤드 수 h"},
    "toy.head": {"en": "Head shown", "ko": "보여 줄 헤드"},
    "toy.head.option": {"en": "Head {number}", "ko": "헤드 {number}"},
    "toy.scaling": {"en": "Divide by √d_k", "ko": "√d_k로 나누기"},
    "toy.temperature": {"en": "Temperature T", "ko": "온도 T"},
    "toy.temperature.help": {
        "en": "The scores are divided by T as well: small T sharpens the softmax until one key takes all the "
        "weight, large T flattens it towards equal weights.",
        "ko": "점수를 T로도 나눕니다. T가 작으면 소프트맥스가 뾰족해져 키 하나가 가중치를 모두 가져가고, "
        "T가 크면 평평해져 가중치가 고르게 됩니다.",
    },
    "toy.query": {"en": "Query token", "ko": "쿼리 토큰"},
    "toy.back": {"en": "Back", "ko": "이전"},
    "toy.next": {"en": "Next", "ko": "다음"},
    "toy.progress": {"en": "Step {number} of {total}", "ko": "{total}단계 중 {number}단계"},
    "toy.step.pick": {"en": "Step", "ko": "단계"},
    "toy.link_hint": {
        "en": "The address bar holds exactly this view (example, variant, step, query and your edits): copy it "
        "to share this step. ← and → step back and forward.",
        "ko": "주소창에 지금 화면(예제, 변형, 단계, 쿼리, 고친 숫자)이 그대로 담겨 있습니다. 복사해서 공유하면 "
        "이 단계가 그대로 열립니다. ← → 키로 단계를 넘길 수 있습니다.",
    },
    "toy.shapes": {"en": "Shapes: {shapes}", "ko": "크기: {shapes}"},
    # --- editing ------------------------------------------------------------------------------
    "toy.edit.title": {"en": "Edit the numbers", "ko": "숫자 고치기"},
    "toy.edit.help": {
        "en": "Change any cell, rename tokens, add or delete token rows (1 to 8). Every step below follows at once.",
        "ko": "칸의 숫자와 토큰 이름을 바꾸고, 토큰 행을 추가하거나 지울 수 있습니다(1~8개). 아래 모든 단계가 "
        "바로 따라 바뀝니다.",
    },
    "toy.edit.token": {"en": "token", "ko": "토큰"},
    "toy.edit.x": {"en": "Tokens and their embeddings X (n × d)", "ko": "토큰과 임베딩 X (n × d)"},
    "toy.edit.x_src": {
        "en": "Source tokens X_src (m × d): keys and values come from here",
        "ko": "소스 토큰 X_src (m × d): 키와 밸류를 여기서 가져옵니다",
    },
    "toy.edit.w_q": {"en": "Query weights W_Q (d × d_k)", "ko": "쿼리 가중치 W_Q (d × d_k)"},
    "toy.edit.w_k": {"en": "Key weights W_K (d × d_k)", "ko": "키 가중치 W_K (d × d_k)"},
    "toy.edit.w_v": {"en": "Value weights W_V (d × d_k)", "ko": "밸류 가중치 W_V (d × d_k)"},
    "toy.edit.w_o": {"en": "Output weights W_O (d_k × d)", "ko": "출력 가중치 W_O (d_k × d)"},
    "toy.edit.reset": {"en": "Back to the example's own numbers", "ko": "예제의 원래 숫자로 되돌리기"},
    "toy.edit.invalid": {
        "en": "The steps come back as soon as the table above is fixed; your other edits are kept.",
        "ko": "위 표를 고치면 단계가 바로 다시 나타납니다. 다른 곳에서 고친 숫자는 그대로 남아 있습니다.",
    },
    # --- steps --------------------------------------------------------------------------------
    "toy.step.input": {"en": "Input X", "ko": "입력 X"},
    "toy.step.input.says": {
        "en": "Each token is one row of numbers, its embedding: n tokens with d numbers each.",
        "ko": "토큰 하나가 숫자 한 줄, 곧 임베딩입니다. 토큰 n개가 각각 숫자 d개를 가집니다.",
    },
    "toy.step.input.says_cross": {
        "en": "Two sequences: the queries come from X, the keys and values from the source X_src, as when a "
        "translation model's decoder reads the sentence being translated.",
        "ko": "두 문장을 씁니다. 쿼리는 X에서, 키와 밸류는 소스 X_src에서 나옵니다. 번역 모델의 디코더가 "
        "번역할 원문을 읽을 때와 같습니다.",
    },
    "toy.step.position": {"en": "Add positional encoding", "ko": "위치 인코딩 더하기"},
    "toy.step.position.says": {
        "en": "Attention itself ignores word order, so a fixed pattern of sines and cosines, different for every "
        "position, is added to X: low dimensions change fast from one position to the next, high ones slowly.",
        "ko": "어텐션 자체는 단어 순서를 모르기 때문에, 위치마다 다른 사인·코사인 패턴을 X에 더합니다. "
        "낮은 차원은 위치에 따라 빠르게, 높은 차원은 천천히 바뀝니다.",
    },
    "toy.step.qkv": {"en": "Queries, keys, values", "ko": "쿼리, 키, 밸류"},
    "toy.step.qkv.says": {
        "en": "Three learned matrices turn every token into a query (what it looks for), a key (what it offers) "
        "and a value (what it passes on).",
        "ko": "학습된 세 행렬이 각 토큰을 쿼리(무엇을 찾는지), 키(무엇을 내세우는지), 밸류(무엇을 전달하는지)로 "
        "바꿉니다.",
    },
    "toy.step.qkv.says_cross": {
        "en": "The queries come from X; the keys and values come from the source X_src.",
        "ko": "쿼리는 X에서, 키와 밸류는 소스 X_src에서 만듭니다.",
    },
    "toy.step.split": {"en": "Split into heads", "ko": "헤드로 나누기"},
    "toy.step.split.says": {
        "en": "The d_k channels are cut into h groups of d_k/h; each head runs its own attention on its slice.",
        "ko": "d_k개 채널을 d_k/h개씩 h묶음으로 나눕니다. 각 헤드는 자기 몫의 채널로 따로 어텐션을 계산합니다.",
    },
    "toy.step.split.columns": {
        "en": "Head {number} takes channels {first} to {last} of Q, K and V.",
        "ko": "헤드 {number}는 Q, K, V의 {first}~{last}번 채널을 맡습니다.",
    },
    "toy.step.scores": {"en": "Scores Q·Kᵀ", "ko": "점수 Q·Kᵀ"},
    "toy.step.scores.says": {
        "en": "Every query is compared with every key by a dot product: the larger the score, the better they match.",
        "ko": "모든 쿼리를 모든 키와 내적으로 비교합니다. 점수가 클수록 잘 맞는다는 뜻입니다.",
    },
    "toy.step.scale": {"en": "Scaling ÷√d_k", "ko": "스케일링 ÷√d_k"},
    "toy.step.scale.says": {
        "en": "Dividing by √d_k keeps the scores from growing with the width, so the softmax does not saturate.",
        "ko": "√d_k로 나누면 차원이 커져도 점수가 함께 커지지 않아 소프트맥스가 한쪽으로 쏠리지 않습니다.",
    },
    "toy.step.scale.says_causal": {
        "en": "After dividing by √d_k, the mask M adds −∞ wherever a key lies in the query's future, so no token "
        "can look ahead.",
        "ko": "√d_k로 나눈 다음, 마스크 M이 쿼리보다 뒤(미래)에 있는 키 자리에 −∞를 더합니다. 그래서 어떤 토큰도 "
        "앞을 미리 볼 수 없습니다.",
    },
    "toy.step.scale.says_temperature": {
        "en": "Here you choose what the scores are divided by: √d_k or nothing, and a temperature T on top.",
        "ko": "여기서는 점수를 무엇으로 나눌지 직접 고릅니다. √d_k로 나눌지 말지, 그리고 온도 T로 한 번 더 나눕니다.",
    },
    "toy.step.scale.divisor": {
        "en": "Every score is divided by {divisor}.",
        "ko": "모든 점수를 {divisor}(으)로 나눕니다.",
    },
    "toy.step.softmax": {"en": "Softmax", "ko": "소프트맥스"},
    "toy.step.softmax.says": {
        "en": "Softmax turns each row of scores into attention weights: positive numbers that add up to 1.",
        "ko": "소프트맥스는 점수 한 줄을 어텐션 가중치로 바꿉니다. 모두 양수이고 합이 1입니다.",
    },
    "toy.step.mix": {"en": "Weights · V", "ko": "가중치 · V"},
    "toy.step.mix.says": {
        "en": "Each token's output is the average of all value rows, weighted by its attention weights.",
        "ko": "각 토큰의 출력은 모든 밸류 행을 어텐션 가중치로 가중 평균한 것입니다.",
    },
    "toy.step.output": {"en": "Output", "ko": "출력"},
    "toy.step.output.says": {
        "en": "All of it in one line: each row of the output is its token's new vector, mixed from the tokens it "
        "attended to.",
        "ko": "지금까지를 한 줄로 쓰면 위 식입니다. 출력의 각 행은 그 토큰이 주목한 토큰들을 섞어 만든 새 벡터입니다.",
    },
    "toy.step.output.says_multihead": {
        "en": "The heads' outputs are put side by side and multiplied by W_O, which mixes what the heads found.",
        "ko": "헤드들의 출력을 나란히 이어 붙인 뒤 W_O를 곱해, 헤드들이 찾은 것을 하나로 섞습니다.",
    },
    # --- figures ------------------------------------------------------------------------------
    "toy.fig.query_axis": {"en": "query", "ko": "쿼리"},
    "toy.fig.key_axis": {"en": "key", "ko": "키"},
    "toy.fig.token_axis": {"en": "token", "ko": "토큰"},
    "toy.fig.channel_axis": {"en": "channel", "ko": "채널"},
    "toy.fig.x": {"en": "X (embeddings)", "ko": "X (임베딩)"},
    "toy.fig.x_src": {"en": "X_src (source)", "ko": "X_src (소스)"},
    "toy.fig.pe": {"en": "PE (positional encoding)", "ko": "PE (위치 인코딩)"},
    "toy.fig.x_pe": {"en": "X + PE", "ko": "X + PE"},
    "toy.fig.pe_pattern": {
        "en": "Positional encoding for positions 0–49 (your tokens outlined)",
        "ko": "위치 0~49의 위치 인코딩 (내 토큰은 테두리 표시)",
    },
    "toy.fig.position_axis": {"en": "position", "ko": "위치"},
    "toy.fig.dimension_axis": {"en": "dimension", "ko": "차원"},
    "toy.fig.q": {"en": "Q (queries)", "ko": "Q (쿼리)"},
    "toy.fig.k": {"en": "K (keys)", "ko": "K (키)"},
    "toy.fig.v": {"en": "V (values)", "ko": "V (밸류)"},
    "toy.fig.head_part": {"en": "{name}, head {number}", "ko": "{name}, 헤드 {number}"},
    "toy.fig.scores": {"en": "S = Q·Kᵀ (scores)", "ko": "S = Q·Kᵀ (점수)"},
    "toy.fig.mask": {"en": "Mask M (0: visible, −∞: future)", "ko": "마스크 M (0: 보임, −∞: 미래)"},
    "toy.fig.scaled": {"en": "Scaled scores", "ko": "스케일링한 점수"},
    "toy.fig.weights": {"en": "A (attention weights)", "ko": "A (어텐션 가중치)"},
    "toy.fig.mix": {"en": "Z = A·V", "ko": "Z = A·V"},
    "toy.fig.concat": {"en": "Heads side by side", "ko": "이어 붙인 헤드 출력"},
    "toy.fig.w_o": {"en": "W_O", "ko": "W_O"},
    "toy.fig.output": {"en": "Output", "ko": "출력"},
    "toy.fig.entropy": {"en": "Entropy per row (bits)", "ko": "행별 엔트로피 (비트)"},
    "toy.fig.entropy_col": {"en": "H", "ko": "H"},
    "toy.fig.entropy_curve": {
        "en": "Entropy against temperature (dashed: all keys equal)",
        "ko": "온도에 따른 엔트로피 (점선: 모든 키가 같을 때)",
    },
    "toy.fig.temperature_axis": {"en": "temperature T", "ko": "온도 T"},
    "toy.fig.entropy_axis": {"en": "entropy (bits)", "ko": "엔트로피 (비트)"},
    "toy.entropy.says": {
        "en": "Entropy measures how spread out a row is: 0 bits when one key takes all the weight, "
        "log₂(number of keys) = {max} bits when all weights are equal. Lower T or switch the scaling off "
        "and watch it fall.",
        "ko": "엔트로피는 한 행의 가중치가 얼마나 고르게 퍼져 있는지 나타냅니다. 키 하나가 가중치를 모두 가져가면 "
        "0비트, 모든 가중치가 같으면 log₂(키 개수) = {max}비트입니다. T를 낮추거나 스케일링을 끄면 "
        "엔트로피가 떨어지는 것을 볼 수 있습니다.",
    },
    # --- worked numbers -----------------------------------------------------------------------
    "toy.work.title": {"en": "Worked out for the selected query", "ko": "선택한 쿼리로 직접 계산하기"},
    "toy.work.projection": {
        "en": "Each channel of the query is the token's row of X times one column of W_Q (K and V work the same way):",
        "ko": "쿼리의 각 채널은 그 토큰의 X 행과 W_Q의 열 하나를 곱해 더한 값입니다(K와 V도 똑같이 계산합니다):",
    },
    "toy.work.dots": {
        "en": "The dot product with each key: multiply channel by channel, then add.",
        "ko": "각 키와의 내적: 채널끼리 곱한 다음 모두 더합니다.",
    },
    "toy.work.scale": {"en": "Divide each score:", "ko": "각 점수를 나눕니다:"},
    "toy.work.max": {
        "en": "1. Find the row's largest value m (subtracting it changes no weight, and keeps eˣ from overflowing):",
        "ko": "1. 행에서 가장 큰 값 m을 찾습니다(m을 빼도 가중치는 그대로이고, eˣ가 너무 커지는 것을 막아 줍니다):",
    },
    "toy.work.exp": {
        "en": "2. Take e to the power of each value minus m:",
        "ko": "2. 각 값에서 m을 뺀 만큼 e를 거듭제곱합니다:",
    },
    "toy.work.sum": {"en": "3. Add them up:", "ko": "3. 모두 더합니다:"},
    "toy.work.divide": {
        "en": "4. Divide each by the sum: these are the weights.",
        "ko": "4. 각각을 합으로 나눕니다. 이것이 가중치입니다.",
    },
    "toy.work.mix": {
        "en": "Each output channel adds up that channel of every value row, times the row's weight:",
        "ko": "출력의 각 채널은 모든 밸류 행의 같은 채널에 그 행의 가중치를 곱해 더한 값입니다:",
    },
    "toy.work.output": {
        "en": "Each output channel is the concatenated row times one column of W_O:",
        "ko": "출력의 각 채널은 이어 붙인 행과 W_O의 열 하나를 곱해 더한 값입니다:",
    },
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
        "4·n²·d FLOPs가 듭니다. 투영 계산은 n에만 비례하므로(8·n·d²) 짧은 입력에서는 너비 d가, 긴 입력에서는 "
        "길이 n이 비용을 좌우합니다. 두 값은 n = 2d = {crossover}에서 같아집니다.",
    },
    "toy.cost.d": {"en": "Model width d", "ko": "모델 너비 d"},
    "toy.cost.heads": {"en": "Heads", "ko": "헤드 수"},
    "toy.cost.flops": {"en": "FLOPs per layer", "ko": "층 하나의 FLOPs"},
    "toy.cost.memory": {
        "en": "Attention matrices per layer (bytes, float32)",
        "ko": "층 하나의 어텐션 행렬 (바이트, float32)",
    },
    "toy.cost.n": {"en": "sequence length n", "ko": "시퀀스 길이 n"},
    "toy.cost.score_name": {"en": "Q·Kᵀ and weights·V: 4·n²·d", "ko": "Q·Kᵀ와 가중치·V: 4·n²·d"},
    "toy.cost.projection_name": {"en": "Q, K, V, O projections: 8·n·d²", "ko": "Q, K, V, O 투영: 8·n·d²"},
    "toy.cost.row": {
        "en": "{name}: n = {n}, d = {d}: {entries} attention entries per head, {megabytes} MB for its {heads} "
        "heads in one layer, {gflops} GFLOPs for Q·Kᵀ and weights·V.",
        "ko": "{name}: n = {n}, d = {d}: 헤드마다 어텐션 값 {entries}개, 층 하나의 헤드 {heads}개에 {megabytes} MB, "
        "Q·Kᵀ와 가중치·V에 {gflops} GFLOPs.",
    },
    "toy.cost.toy": {"en": "this toy", "ko": "이 예제"},
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
