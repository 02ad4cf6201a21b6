"""Translations of the back end's error and notice messages (keys "error.<code>", "notice.<code>").

The "en" text is exactly the message the back end raises (tests/test_inputs.py checks that
they agree), so the English page reads the same with or without this table.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- model/inputs.py: decode_image -----------------------------------------------------
    "error.image_empty": {
        "en": "“{filename}” is empty (0 bytes). Choose another file.",
        "ko": "“{filename}” 파일이 비어 있습니다(0바이트). 다른 파일을 선택해 주세요.",
    },
    "error.image_not_image": {
        "en": "“{filename}” is not an image Attention Atlas can read (PNG, JPEG, WebP, GIF or BMP). "
        "Choose another file.",
        "ko": "“{filename}” 파일은 어텐션 아틀라스가 읽을 수 있는 이미지(PNG, JPEG, WebP, GIF, BMP)가 "
        "아닙니다. 다른 파일을 선택해 주세요.",
    },
    "error.image_unsupported": {
        "en": "“{filename}” is a {kind} file, which Attention Atlas cannot read. Save it as PNG or "
        "JPEG and upload that, or choose another file.",
        "ko": "“{filename}” 파일은 {kind} 형식이라 어텐션 아틀라스가 읽을 수 없습니다. PNG나 JPEG로 "
        "저장해서 올리거나 다른 파일을 선택해 주세요.",
    },
    "error.image_truncated": {
        "en": "“{filename}” stops before the image ends: the file is incomplete, perhaps cut off "
        "while copying or downloading. Save or download it again, or choose another file.",
        "ko": "“{filename}” 파일은 이미지가 끝나기 전에 끊겨 있습니다. 복사하거나 내려받는 도중에 잘린 "
        "것 같습니다. 다시 저장하거나 내려받아서 올리거나, 다른 파일을 선택해 주세요.",
    },
    "error.image_corrupt": {
        "en": "“{filename}” looks like a {kind} image but its data is damaged and cannot be decoded. "
        "Open it in an image editor and save it again, or choose another file.",
        "ko": "“{filename}” 파일은 {kind} 이미지로 보이지만 데이터가 손상되어 읽을 수 없습니다. 이미지 "
        "편집 프로그램에서 열어 다시 저장하거나 다른 파일을 선택해 주세요.",
    },
    "error.image_too_many_pixels": {
        "en": "“{filename}” has {megapixels} million pixels, more than the {limit} million this app "
        "accepts. Shrink it (for example to 4000 pixels on the long side) and upload it again.",
        "ko": "“{filename}” 파일은 픽셀 수가 {megapixels}메가픽셀로, 이 앱이 받을 수 있는 한도인 "
        "{limit}메가픽셀을 넘습니다. 이미지 크기를 줄여서(예: 긴 변을 4000픽셀로) 다시 올려 주세요.",
    },
    "error.image_too_complex": {
        "en": "“{filename}” is a {kind} file cut into more than {limit} pieces (chunks or blocks), far "
        "more than any image needs; reading it would hold up the app for everyone. Open it in an "
        "image editor and save it again, or choose another file.",
        "ko": "“{filename}” 파일은 {kind} 파일인데 {limit}개가 넘는 조각(청크나 블록)으로 나뉘어 있습니다. "
        "어떤 이미지에도 필요 없는 양이라 읽는 동안 모든 사용자의 앱이 멈춥니다. 이미지 편집 프로그램에서 "
        "열어 다시 저장하거나 다른 파일을 선택해 주세요.",
    },
    "error.image_too_small": {
        "en": "“{filename}” is only {width}×{height} pixels; each side needs at least {min_side} "
        "pixels for the model to cut it into patches. Choose a larger image.",
        "ko": "“{filename}” 파일은 {width}×{height}픽셀밖에 되지 않습니다. 모델이 이미지를 패치로 "
        "나누려면 가로와 세로가 모두 {min_side}픽셀 이상이어야 합니다. 더 큰 이미지를 선택해 주세요.",
    },
    "notice.image_first_frame": {
        "en": "“{filename}” holds {frames} frames (an animation or several pictures); only the "
        "first frame is used.",
        "ko": "“{filename}” 파일에는 프레임이 {frames}개 들어 있습니다(애니메이션이거나 여러 장의 "
        "그림입니다). 첫 번째 프레임만 사용합니다.",
    },
    "notice.image_many_frames": {
        "en": "“{filename}” holds {frames} or more frames (an animation or several pictures); only "
        "the first frame is used.",
        "ko": "“{filename}” 파일에는 프레임이 {frames}개 이상 들어 있습니다(애니메이션이거나 여러 장의 "
        "그림입니다). 첫 번째 프레임만 사용합니다.",
    },
    "notice.image_squeezed": {
        "en": "This image is {width}×{height} pixels, far from square; the model sees it squeezed "
        "into its square input, so shapes look stretched. Crop it closer to a square for a "
        "fairer picture.",
        "ko": "이 이미지는 {width}×{height}픽셀로 정사각형과 거리가 멉니다. 모델은 이미지를 정사각형 "
        "입력에 맞게 눌러 넣어서 보기 때문에 모양이 찌그러져 보입니다. 정사각형에 가깝게 잘라서 "
        "올리면 더 정확한 결과를 볼 수 있습니다.",
    },
    "notice.image_rescaled": {
        "en": "This image has more than 8 bits per pixel; its values {low}–{high} were spread over "
        "0–255 for display and for the model.",
        "ko": "이 이미지는 픽셀 하나에 8비트보다 많은 값을 담고 있습니다. 화면 표시와 모델 입력을 "
        "위해 {low}–{high} 범위의 값을 0–255 범위로 고르게 펼쳤습니다.",
    },
    "notice.image_transparent": {
        "en": "This image has transparent parts; they are shown on a white background, and the "
        "model sees them as white.",
        "ko": "이 이미지에는 투명한 부분이 있습니다. 투명한 부분은 흰 바탕 위에 표시되며, 모델도 "
        "흰색으로 봅니다.",
    },
    # --- model/inputs.py: clean_text -------------------------------------------------------
    "error.text_empty": {
        "en": "There is no text to read. Type or paste a sentence first.",
        "ko": "읽을 글이 없습니다. 먼저 문장을 입력하거나 붙여 넣어 주세요.",
    },
    "error.text_too_long": {
        "en": "The text is {length} characters long; the limit is {limit}. Shorten it (the model "
        "reads only the first few hundred words anyway) and try again.",
        "ko": "글이 {length}자로, 한도인 {limit}자를 넘습니다. 글을 줄여서 다시 시도해 주세요. "
        "(어차피 모델은 앞부분의 수백 단어만 읽습니다.)",
    },
    "notice.text_invisible_removed": {
        "en": "{count} invisible or control characters were removed from the text.",
        "ko": "눈에 보이지 않는 문자나 제어 문자 {count}개를 글에서 지웠습니다.",
    },
    # Model loading and tracing (model/loading.py, model/text/trace.py, model/vit/trace.py)
    "notice.text_truncated": {
        "en": "The text has {total} tokens; the first {kept} were kept.",
        "ko": "글이 토큰 {total}개로 너무 길어서 앞의 {kept}개만 사용했습니다.",
    },
    "notice.text_korean_letters": {
        "en": "This model's vocabulary has no Korean syllables, so Korean words are split into single letters (jamo). "
        "For Korean, choose a multilingual model.",
        "ko": "이 모델의 어휘에는 한글 음절이 없어서 한국어 단어가 낱자(자모) 단위로 쪼개집니다. 한국어 문장은 다국어 "
        "모델을 골라 주세요.",
    },
    "notice.text_unknown_tokens": {
        "en": "{count} piece(s) of the text are not in the model's vocabulary and appear as {unk}.",
        "ko": "글에서 {count}개 조각은 모델의 어휘에 없어서 {unk}(으)로 표시됩니다.",
    },
    "error.bundled_missing": {
        "en": "The bundled model files are missing: {path}. Run `make train`.",
        "ko": "내장 모델 파일이 없습니다: {path}. `make train`을 실행해 주세요.",
    },
    "error.model_not_vit": {
        "en": "{model} is not a Vision Transformer this app can trace.",
        "ko": "{model}은(는) 이 앱이 분석할 수 있는 비전 트랜스포머가 아닙니다.",
    },
    "error.unknown_model": {
        "en": "timm has no model named {model}.",
        "ko": "timm에 {model}이라는 모델이 없습니다.",
    },
    "error.weights_offline": {
        "en": "{model} is not in the local cache and this machine is offline. Download model.safetensors from "
        "https://huggingface.co/{repo} on a machine with internet and load it here as a local weights file "
        "(architecture {arch}), or put it in the Hugging Face cache.",
        "ko": "{model}이(가) 로컬 캐시에 없고 이 컴퓨터는 오프라인입니다. 인터넷이 되는 컴퓨터에서 "
        "https://huggingface.co/{repo} 의 model.safetensors를 내려받아 '내 가중치 파일'(아키텍처 {arch})로 불러오거나 "
        "Hugging Face 캐시에 넣어 주세요.",
    },
    "error.weights_format": {
        "en": "{file}: use a .safetensors, .pth or .pt weights file.",
        "ko": "{file}: .safetensors, .pth, .pt 가중치 파일을 사용해 주세요.",
    },
    "error.weights_unreadable": {
        "en": "{file} could not be read as weights: {reason}",
        "ko": "{file}을(를) 가중치로 읽을 수 없습니다: {reason}",
    },
    "error.weights_mismatch": {
        "en": "{file} does not fit {arch} ({count} problems), first: {first}",
        "ko": "{file}이(가) {arch}와 맞지 않습니다(문제 {count}개). 처음 몇 개: {first}",
    },
    "error.weights_needed": {
        "en": "Choose a .safetensors, .pth or .pt file for {arch}.",
        "ko": "{arch}에 사용할 .safetensors, .pth, .pt 파일을 골라 주세요.",
    },
    "error.weights_again": {
        "en": "The weights file was set aside to make room for other models: choose it again.",
        "ko": "다른 모델을 올릴 자리를 만드느라 가중치 파일을 내려놓았습니다. 파일을 다시 골라 주세요.",
    },
    # --- model/loading.py, model/weights_file.py: a local weights file checked before it is loaded ---
    "error.weights_arch_too_large": {
        "en": "{arch} has {params} parameters, more than the {limit} this app loads. Choose ViT-B/16 or a smaller "
        "architecture.",
        "ko": "{arch}은(는) 매개변수가 {params}개로, 이 앱이 불러오는 한도인 {limit}개보다 많습니다. ViT-B/16이나 "
        "그보다 작은 아키텍처를 골라 주세요.",
    },
    "error.weights_too_many_params": {
        "en": "{arch} with this file's {classes} classes has {params} parameters, more than the {limit} this app "
        "loads. Use a file with fewer classes or a smaller architecture.",
        "ko": "이 파일의 클래스 {classes}개로 만든 {arch}은(는) 매개변수가 {params}개로, 이 앱이 불러오는 한도인 "
        "{limit}개보다 많습니다. 클래스가 더 적은 파일이나 더 작은 아키텍처를 사용해 주세요.",
    },
    "error.weights_arch_failed": {
        "en": "timm could not build {arch} with {classes} classes: {reason}",
        "ko": "timm이 클래스 {classes}개로 {arch}을(를) 만들지 못했습니다: {reason}",
    },
    "error.weights_too_big": {
        "en": "{file} holds {size} of weights, more than the {limit} this app loads.",
        "ko": "{file}에 담긴 가중치는 {size}로, 이 앱이 불러오는 한도인 {limit}보다 큽니다.",
    },
    "error.weights_inflates": {
        "en": "{file} unpacks from {packed} to {size}, more than {ratio} times its size, so this app does not unpack "
        "it. Save the weights again with torch.save (which does not compress them) or as .safetensors.",
        "ko": "{file}은(는) 압축을 풀면 {packed}에서 {size}로 커져 파일 크기의 {ratio}배를 넘으므로, 이 앱은 풀지 "
        "않습니다. 가중치를 torch.save(압축하지 않음)나 .safetensors로 다시 저장해 주세요.",
    },
    "error.weights_head": {
        "en": "{file}: head.weight has shape {shape}, but a classifier head is (classes, width) with 1 to {limit} "
        "classes.",
        "ko": "{file}: head.weight의 모양이 {shape}입니다. 분류기 헤드는 (클래스 수, 차원) 모양이어야 하고, 클래스는 "
        "1개에서 {limit}개까지입니다.",
    },
    "error.text_model_missing": {
        "en": "{model} is not on this machine. With internet, run once: python -c \"from transformers import "
        "AutoModel, AutoTokenizer; AutoModel.from_pretrained('{model}'); AutoTokenizer.from_pretrained('{model}')\"",
        "ko": "{model}이(가) 이 컴퓨터에 없습니다. 인터넷이 될 때 한 번 실행해 주세요: python -c \"from transformers "
        "import AutoModel, AutoTokenizer; AutoModel.from_pretrained('{model}'); "
        "AutoTokenizer.from_pretrained('{model}')\"",
    },
    "error.no_classifier": {
        "en": "{model} has no classifier, so there is no class to explain.",
        "ko": "{model}에는 분류기가 없어서 설명할 클래스가 없습니다.",
    },
}
