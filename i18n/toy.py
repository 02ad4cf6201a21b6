"""UI text of the Step-through page (ui/toy_page.py and its ui/toy_*.py parts). The text of its
quiz and panels and the messages model/toy/ raises live in i18n/toy_panels.py, merged in here.

d_k means one head's query/key width in every string, as in the paper and the inspector; the
columns of W_Q (all heads together) are h·d_k.
"""

from i18n import toy_panels
from i18n.glossary import both

TEXT: dict[str, dict[str, str]] = {
    # --- page and controls --------------------------------------------------------------------
    "toy.intro": {
        "en": "Compute self-attention once by hand: a small example, one step at a time, with every number. "
        "Edit the numbers, step through with Back and Next, and test yourself in quiz mode.",
        "ko": "셀프 어텐션을 손으로 한 번 계산해 봅니다. 작은 예제를 한 단계씩, 모든 숫자와 함께 살펴봅니다. "
        "숫자를 바꿔 보고, 이전·다음 버튼으로 단계를 넘기고, 퀴즈 모드로 스스로 확인해 보세요.",
    },
    "toy.preset.label": {"en": "Example", "ko": "예제"},
    "toy.preset.student": {"en": "Lecture notes: “I am a student”", "ko": "강의 노트 예제: “I am a student”"},
    "toy.preset.pencil": {"en": "3 tokens for pencil and paper", "ko": "연필로 풀 수 있는 3개 토큰"},
    "toy.preset.it_animal": {"en": "“it” → “animal”", "ko": "“it” → “animal”"},
    "toy.preset.random": {"en": "Random (from a seed)", "ko": "무작위 (시드로 생성)"},
    "toy.preset.student.about": {
        "en": "The example from the lecture notes. The embedding of “I” is [1, 1, 1, 1]; the four dimensions read "
        "as features (1 = the speaker, 2 = a form of “be”, 3 = “student”, 4 = a function word), and each other "
        "word has one of them. W_K and W_V are the identity, so each key and value is the embedding itself; W_Q "
        "is the identity but for one −1, so q_I = [1, 1, 0, 1]. In self-attention with one head (d_k = 4) the "
        "score of “I” with itself is q_I·k_I = 1 + 1 + 0 + 1 = 3, and scaled 3 / √4 = 1.5. The cross-attention "
        "variant reads keys and values from the Korean “나는 학생입니다” (나는 = the speaker and the particle 는, "
        "a function word): “I” looks most at 나는, “am” at 입니다 and “student” at 학생.",
        "ko": "강의 노트의 예제입니다. “I”의 임베딩은 [1, 1, 1, 1]이고, 네 차원은 특징으로 읽을 수 있습니다"
        "(1 = 화자, 2 = “be” 동사, 3 = “student”, 4 = 기능어). 나머지 단어는 이 가운데 하나씩을 가집니다. "
        "W_K와 W_V는 단위행렬이라 키와 밸류가 임베딩 그대로이고, W_Q는 −1 하나를 빼면 단위행렬이라 "
        "q_I = [1, 1, 0, 1]입니다. 헤드가 하나(d_k = 4)인 셀프 어텐션에서 “I”가 자기 자신과 얻는 점수는 "
        "q_I·k_I = 1 + 1 + 0 + 1 = 3이고, 스케일링하면 3 / √4 = 1.5입니다. 크로스 어텐션 변형에서는 한국어 "
        "문장 “나는 학생입니다”에서 키와 밸류를 가져옵니다(나는 = 화자 + 기능어인 조사 ‘는’). “I”는 나는을, "
        "“am”은 입니다를, “student”는 학생을 가장 많이 봅니다.",
    },
    "toy.preset.pencil.about": {
        "en": "Made for pencil and paper: X and the weights are all 0 or 1, and W_Q has 4 columns. "
        "Note that q_I = k_love and q_love = k_I.",
        "ko": "연필과 종이로 풀도록 만든 예제입니다. X와 가중치가 모두 0 또는 1이고, W_Q의 열은 4개입니다. "
        "q_I = k_love, q_love = k_I인 것도 눈여겨보세요.",
    },
    "toy.preset.it_animal.about": {
        "en": "Why does “it” attend to “animal”? The four embedding dimensions are hand-made features: "
        "1 = is a noun, 2 = is alive, 3 = is a pronoun, 4 = any other word. W_K is the identity, so each key "
        "simply states its token's features. W_Q turns the pronoun feature of “it” into the question "
        "“alive? (×4) a noun? (×2) not a function word (×−2)”. The dot products give “animal” (noun and alive) "
        "a score of 6, “street” (only a noun) 2, “it” 0 and every other word −2, so in self-attention with one head, "
        "after ÷√4 and the softmax, “animal” gets about 78% of the weight. Every other token's query is zero: "
        "with nothing to ask, its weights are all equal (1/8). W_V is the identity too, so the output of “it” "
        "carries mostly the features of “animal”.",
        "ko": "왜 “it”이 “animal”에 주목할까요? 임베딩의 네 차원은 직접 정한 특징입니다. 1 = 명사, 2 = 살아 있음, "
        "3 = 대명사, 4 = 그 밖의 단어. W_K는 단위행렬이라서 각 키는 그 토큰의 특징을 그대로 말해 줍니다. "
        "W_Q는 “it”의 대명사 특징을 “살아 있나? (×4) 명사인가? (×2) 기능어는 아닌가? (×−2)”라는 질문으로 "
        "바꿉니다. 내적을 계산하면 “animal”(명사이고 살아 있음)은 6점, “street”(명사만)는 2점, “it”은 0점, "
        "나머지 단어는 −2점이 되어, 헤드가 하나인 셀프 어텐션에서 ÷√4와 소프트맥스를 거치면 “animal”이 가중치의 "
        "약 78%를 가져갑니다. 다른 토큰들의 쿼리는 0이라 물어볼 것이 없으므로 가중치가 모두 같습니다(1/8). "
        "W_V도 단위행렬이므로 “it”의 출력은 대부분 “animal”의 특징을 담게 됩니다.",
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
    "toy.random.width": {"en": "Q, K, V width h·d_k", "ko": "Q, K, V 차원 h·d_k"},
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
    "toy.edit.w_q": {"en": "Query weights W_Q (d × {width})", "ko": "쿼리 가중치 W_Q (d × {width})"},
    "toy.edit.w_k": {"en": "Key weights W_K (d × {width})", "ko": "키 가중치 W_K (d × {width})"},
    "toy.edit.w_v": {"en": "Value weights W_V (d × {width})", "ko": "밸류 가중치 W_V (d × {width})"},
    "toy.edit.w_o": {"en": "Output weights W_O ({width} × d)", "ko": "출력 가중치 W_O ({width} × d)"},
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
        "and a value (what it passes on). Real models (ViT, BERT) also add a learned bias vector to each, "
        "X·W_Q + b_Q; this toy keeps every bias at 0, so each number is a plain sum of products.",
        "ko": "학습된 세 행렬이 각 토큰을 쿼리(무엇을 찾는지), 키(무엇을 내세우는지), 밸류(무엇을 전달하는지)로 "
        "바꿉니다. 실제 모델(ViT, BERT)은 여기에 학습된 편향 벡터도 더합니다(X·W_Q + b_Q). 이 예제는 편향을 "
        "모두 0으로 두어, 각 숫자가 곱의 합 그대로입니다.",
    },
    "toy.step.qkv.says_cross": {
        "en": "The queries come from X; the keys and values come from the source X_src. The biases are 0 here "
        "too.",
        "ko": "쿼리는 X에서, 키와 밸류는 소스 X_src에서 만듭니다. 여기서도 편향은 0입니다.",
    },
    "toy.step.split": {"en": "Split into heads", "ko": "헤드로 나누기"},
    "toy.step.split.says": {
        "en": "The h·d_k channels of Q, K and V are cut into h groups of d_k; each head runs its own attention "
        "on its slice, and divides its scores by √d_k, the width of one head.",
        "ko": "Q, K, V의 h·d_k개 채널을 d_k개씩 h묶음으로 나눕니다. 각 헤드는 자기 몫의 채널로 따로 어텐션을 "
        "계산하고, 점수를 헤드 하나의 차원 d_k의 제곱근 √d_k로 나눕니다.",
    },
    "toy.step.split.columns": {
        "en": "Head {number} takes channels {first} to {last} of Q, K and V.",
        "ko": "헤드 {number}는 Q, K, V의 {first}~{last}번 채널을 맡습니다.",
    },
    "toy.step.scores": {"en": "Scores Q·Kᵀ", "ko": "점수 Q·Kᵀ"},
    "toy.step.scores.says": {
        "en": "Every query is compared with every key by a dot product, q·k = |q|·|k|·cos θ: the score is large "
        "when the two point in similar directions and are long, so a long key can outscore a shorter one that "
        "points closer to the query.",
        "ko": "모든 쿼리를 모든 키와 내적으로 비교합니다. q·k = |q|·|k|·cos θ이므로 두 벡터의 방향이 비슷하고 "
        "길이가 길수록 점수가 큽니다. 그래서 방향이 조금 덜 맞아도 길이가 긴 키가 더 높은 점수를 받을 수 "
        "있습니다.",
    },
    "toy.step.scale": {"en": "Scaling ÷√d_k", "ko": "스케일링 ÷√d_k"},
    "toy.step.scale.says": {
        "en": "Dividing by √d_k (d_k: the width of one head's queries and keys) keeps the scores from growing "
        "with the width. If the entries of q and k have mean 0 and variance 1, q·k adds up d_k products and has "
        "variance d_k; after ÷√d_k its variance is 1 again, so the softmax does not saturate.",
        "ko": "√d_k(d_k: 헤드 하나의 쿼리·키 차원)로 나누면 차원이 커져도 점수가 함께 커지지 않습니다. q와 k의 "
        "성분이 평균 0, 분산 1이면 q·k는 곱 d_k개의 합이라 분산이 d_k이고, √d_k로 나누면 분산이 다시 1이 되어 "
        "소프트맥스가 한쪽으로 쏠리지(포화되지) 않습니다.",
    },
    "toy.step.scale.says_causal": {
        "en": "After dividing by √d_k, the mask M adds −∞ wherever the key comes after the query, so no token "
        "can see the tokens that come after it (its future).",
        "ko": "√d_k로 나눈 다음, 마스크 M이 쿼리보다 뒤에 오는 키 자리에 −∞를 더합니다. 그래서 어떤 토큰도 "
        "자기보다 뒤에 오는(미래의) 토큰을 볼 수 없습니다.",
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
        "en": "Softmax turns each row of scores into attention weights: numbers ≥ 0 that add up to 1. "
        "A masked key (score −∞) gets a weight of exactly 0.",
        "ko": "소프트맥스는 점수 한 줄을 어텐션 가중치로 바꿉니다. 가중치는 0 이상이고 합이 1입니다. "
        "마스크로 가린 키(점수 −∞)의 가중치는 정확히 0입니다.",
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
        "en": "The heads' outputs are put side by side and multiplied by W_O, which mixes what the heads found "
        "(its bias b_O is 0 here, like the others).",
        "ko": "헤드들의 출력을 나란히 이어 붙인 뒤 W_O를 곱해, 헤드들이 찾은 것을 하나로 섞습니다"
        "(편향 b_O는 다른 편향처럼 여기서는 0입니다).",
    },
    # --- figures ------------------------------------------------------------------------------
    "toy.fig.query_axis": both("query"),
    "toy.fig.key_axis": both("key"),
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
}

assert not TEXT.keys() & toy_panels.TEXT.keys(), "a Step-through text key is defined twice"
TEXT.update(toy_panels.TEXT)
